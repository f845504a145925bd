# @summary On collectors: the key pair, `known_hosts`, the inventory (`nodes.yaml`, which reads the directory
#   `nodes.d`: one file per node), the collector's store and `/etc/kaizen/collector.yaml`; with `nodes_query`,
#   the nodes' exported entries and the collector's exported public key; with `offsite_target`,
#   `/etc/kaizen/offsite.yaml`.
#
# The key pair is made on the collector by `ssh-keygen` and never enters the catalog; fact
# `backups_collector_pubkey` carries the public half to PuppetDB on the next run.
#
# @api private
class backups::collector {
  if $caller_module_name != $module_name {
    fail("Use of private class ${name} by ${caller_module_name}")
  }

  if $backups::is_collector {
    # The collector's store: one directory per node. It is never removed by Puppet.
    file { $backups::collector_dest:
      ensure => directory,
      owner  => 'root',
      group  => 'root',
      mode   => '0700',
    }
    exec { 'kaizen collector key':
      command => "/usr/bin/ssh-keygen -q -t ed25519 -N '' -C kaizen-collector@${backups::certname} -f ${backups::identity}",
      creates => $backups::identity,
      umask   => '0077',
    }
    -> file { $backups::identity:
      ensure => file,
      owner  => 'root',
      group  => 'root',
      mode   => '0600',
    }
    -> file { "${backups::identity}.pub":
      ensure => file,
      owner  => 'root',
      group  => 'root',
      mode   => '0644',
    }
    file { $backups::known_hosts:
      ensure => file,
      owner  => 'root',
      group  => 'root',
      mode   => '0644',
    }
    # Only the entries Puppet manages stay: a node that leaves the inventory leaves nodes.d.
    file { $backups::nodes_dir:
      ensure  => directory,
      owner   => 'root',
      group   => 'root',
      mode    => '0755',
      recurse => true,
      purge   => true,
      force   => true,
    }
    file { $backups::inventory:
      ensure  => file,
      owner   => 'root',
      group   => 'root',
      mode    => '0644',
      content => epp('backups/nodes.yaml.epp', { 'nodes_dir' => $backups::nodes_dir }),
    }
    file { $backups::collector_config:
      ensure  => file,
      owner   => 'root',
      group   => 'root',
      mode    => '0640',
      content => epp('backups/collector.yaml.epp', {
          'dest'        => $backups::collector_dest,
          'identity'    => $backups::identity,
          'known_hosts' => $backups::known_hosts,
          'inventory'   => $backups::inventory,
          'parallel'    => $backups::parallel,
          'max_age'     => $backups::max_age,
          'retention'   => $backups::retention,
          'options'     => {
            'connect-timeout'  => $backups::connect_timeout,
            'timeout'          => $backups::timeout,
            'deadline'         => $backups::deadline,
            'min-rate'         => $backups::min_rate,
            'quota'            => $backups::quota,
            'preserve-devices' => $backups::preserve_devices,
            'bandwidth-limit'  => $backups::bandwidth_limit,
            'retry-until'      => $backups::retry_until,
            'retry-every'      => $backups::retry_every,
          }.filter |$key, $value| { $value =~ NotUndef },
      }),
    }

    # The offsite tier's configuration; the keyset and the credentials it names are made on the collector.
    if $backups::is_replicating {
      file { $backups::offsite_config:
        ensure  => file,
        owner   => 'root',
        group   => 'root',
        mode    => '0640',
        content => epp('backups/offsite.yaml.epp', {
            'collector_store' => $backups::collector_dest,
            'key'             => $backups::offsite_key,
            'target'          => $backups::offsite_target,
            'keep_days'       => $backups::offsite_keep_days,
        }),
      }
    } else {
      file { $backups::offsite_config:
        ensure => absent,
      }
    }

    $backups::nodes.each |String $node, Hash $entry| {
      backups::node_entry { $node:
        * => $entry,
      }
    }

    if $backups::nodes_query {
      if $backups::certname !~ Backups::Node_name {
        fail("backups: certname '${backups::certname}' cannot name a collector")
      }
      Backups::Node_entry <<| tag == $backups::tag |>>
      $public = $facts['backups_collector_pubkey']
      if $public =~ Backups::Ssh_public_key {
        $parts = $public.split(' ')
        @@backups::collector_key { $backups::certname:
          type => $parts[0],
          key  => $parts[1],
          tag  => $backups::tag,
        }
      }
    }
  } elsif $backups::enabled {
    # Another role: no collector files. (Disabled, class backups::install removes /etc/kaizen whole.)
    file { [$backups::identity, "${backups::identity}.pub", $backups::known_hosts, $backups::inventory,
        $backups::collector_config, $backups::offsite_config]:
      ensure => absent,
    }
    file { $backups::nodes_dir:
      ensure => absent,
      force  => true,
    }
  }
}
