# @summary On nodes: the backup user collectors log in as, its `authorized_keys` (each key forced to the
#   read-only agent), the sudoers drop-in that lets it run that one command as root, and the exported
#   host keys and inventory entry.
#
# The user has a real shell (sshd runs the forced command through it) and the password `*`, which no password
# matches; it can do nothing but what the key's `restrict,command=` allows. `purge_ssh_keys` removes any key
# Puppet does not manage, so a collector that leaves PuppetDB loses its access on the next run.
#
# @api private
class backups::access {
  if $caller_module_name != $module_name {
    fail("Use of private class ${name} by ${caller_module_name}")
  }

  if $backups::is_node {
    user { $backups::user:
      ensure         => present,
      system         => true,
      comment        => 'Kaizen Backup (collectors pull snapshots as this user)',
      home           => $backups::home,
      managehome     => true,
      shell          => '/bin/sh',
      password       => '*',
      purge_ssh_keys => true,
    }
    -> file { $backups::sudoers:
      ensure       => file,
      owner        => 'root',
      group        => 'root',
      mode         => '0440',
      content      => epp('backups/sudoers.epp', {
          'user'    => $backups::user,
          'command' => $backups::serve_command,
      }),
      validate_cmd => '/usr/sbin/visudo -cf %',
    }

    $backups::collector_keys.each |Integer $index, String $line| {
      $parts = $line.split(' ')
      ssh_authorized_key { "kaizen-collector-${index}":
        ensure  => present,
        user    => $backups::user,
        type    => $parts[0],
        key     => $parts[1],
        options => $backups::key_options,
        require => User[$backups::user],
      }
    }

    if $backups::export {
      if $backups::certname !~ Backups::Node_name {
        fail("backups: certname '${backups::certname}' cannot name a node in the inventory")
      }
      if $backups::effective_address =~ Undef {
        fail("backups: parameter 'address' is not set and fact networking.ip is empty")
      }
      $ssh = $facts['ssh'].lest || { {} }
      $host_keys = $ssh.keys.sort.map |$algorithm| { "${ssh[$algorithm]['type']} ${ssh[$algorithm]['key']}" }
      @@backups::node_entry { $backups::certname:
        host      => $backups::effective_address,
        port      => $backups::ssh_port,
        user      => $backups::user,
        store     => $backups::store,
        host_keys => $host_keys,
        tag       => $backups::tag,
      }
      Backups::Collector_key <<| tag == $backups::tag |>>
    }
  } else {
    file { $backups::sudoers:
      ensure => absent,
    }
    -> user { $backups::user:
      ensure     => absent,
      managehome => true,
    }
  }
}
