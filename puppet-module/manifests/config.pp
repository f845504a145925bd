# @summary A node's configuration file (`/etc/kaizen/node.yaml`) and its store.
#
# @api private
class backups::config {
  if $caller_module_name != $module_name {
    fail("Use of private class ${name} by ${caller_module_name}")
  }

  if $backups::is_node {
    # The store holds configuration secrets and database dumps: root only. It is never removed by Puppet.
    file { $backups::store:
      ensure => directory,
      owner  => 'root',
      group  => 'root',
      mode   => '0700',
    }
    file { $backups::node_config:
      ensure  => file,
      owner   => 'root',
      group   => 'root',
      mode    => '0640',
      content => epp('backups/node.yaml.epp', {
          'store'                           => $backups::store,
          'engine'                          => $backups::engine,
          'host'                            => $backups::host,
          'checksum'                        => $backups::checksum,
          'delta_min_size'                  => $backups::delta_min_size,
          'accept_store_without_hard_links' => $backups::accept_store_without_hard_links,
          'exclude'                         => $backups::exclude,
          'sources'                         => $backups::effective_sources,
          'retention'                       => $backups::retention,
          'free_space_floor'                => $backups::free_space_floor,
          'priority'                        => $backups::effective_priority,
          'hooks'                           => $backups::hooks,
      }),
    }
  } elsif $backups::enabled {
    # Another role: no node configuration. (Disabled, class backups::install removes /etc/kaizen whole.)
    file { $backups::node_config:
      ensure => absent,
    }
  }
}
