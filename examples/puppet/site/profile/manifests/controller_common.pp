# @summary What every OpenStack controller runs; here, its part of Kaizen Backup.
#
# Daily snapshot of the controller's configuration, state and logs plus a MySQL dump (module data of role
# `controller`), pulled by the collectors. Site-wide settings (mailto, from, export) come from Hiera.
class profile::controller_common {
  class { 'backups':
    role => 'controller',
  }
}
