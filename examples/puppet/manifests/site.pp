# A small OpenStack cluster: controllers, compute nodes, a database host and a backup collector.
node /\Acontroller\d+\./ {
  include profile::controller_common
}

node /\Acompute\d+\./ {
  include profile::compute_common
}

node /\Abackup\d+\./ {
  include profile::backup_collector
}

# Anything else with a backup of its /etc (role generic).
node default {
  class { 'backups':
    role => 'generic',
  }
}
