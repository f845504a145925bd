# @summary A Kaizen Backup collector: pulls every node's newest snapshot each night and keeps 8 days.
#
# The inventory (`/etc/kaizen/nodes.d`) and the nodes' host keys come from the nodes' exported resources, and
# the collector's public key goes to the nodes the same way (PuppetDB).
class profile::backup_collector {
  class { 'backups':
    role        => 'collector',
    nodes_query => true,
  }
}
