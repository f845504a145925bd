# @summary What every OpenStack compute node runs; here, its part of Kaizen Backup.
#
# Daily snapshot of the compute node's configuration and state, `/var/lib/nova` without `instances/` (module
# data of role `compute`), pulled by the collectors. Site-wide settings come from Hiera.
class profile::compute_common {
  class { 'backups':
    role => 'compute',
  }
}
