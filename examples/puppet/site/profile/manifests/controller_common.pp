# @summary What every OpenStack controller runs; here, its part of Kaizen Backup.
#
# Daily snapshot of the controller's configuration, state and logs plus a dump of every MySQL database, whose
# client credentials the site puts in /etc/kaizen/my.cnf (module data of role `controller`), pulled by the
# collectors. Site-wide settings (mailto, from, export) come from Hiera.
class profile::controller_common {
  class { 'backups':
    role => 'controller',
  }
}
