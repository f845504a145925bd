# @summary On nodes: the backup user collectors log in as, its `authorized_keys` (each key forced to the
#   read-only agent), the sudoers drop-in that lets it run that one command as root, and the exported
#   host keys and inventory entry.
#
# The user has a real shell (sshd runs the forced command through it) and the password `*`, which no password
# matches; it can do nothing but what the key's `restrict,command=` allows. Its home, `~/.ssh` and
# `~/.ssh/authorized_keys` belong to root (0755, 0755, 0644), as `kaizen install` makes them: the user cannot
# rewrite its own forced command, nor rename `.ssh` away and make its own. sshd reads the file where it always
# does (its default `AuthorizedKeysFile`), so its configuration is not touched. The file is built whole from the
# keys Puppet manages (concat), so a collector that leaves PuppetDB loses its access on the next run.
#
# @api private
class backups::access {
  if $caller_module_name != $module_name {
    fail("Use of private class ${name} by ${caller_module_name}")
  }

  if $backups::is_node {
    user { $backups::user:
      ensure     => present,
      system     => true,
      comment    => 'Kaizen Backup (collectors pull snapshots as this user)',
      home       => $backups::home,
      managehome => true,
      shell      => '/bin/sh',
      password   => '*',
    }
    -> file { [$backups::home, "${backups::home}/.ssh"]:
      ensure => directory,
      owner  => 'root',
      group  => 'root',
      mode   => '0755',
    }
    -> concat { $backups::authorized_keys:
      owner => 'root',
      group => 'root',
      mode  => '0644',
      warn  => "# Managed by Puppet (module backups): collectors' keys, each forced to the read-only agent.\n",
    }
    file { $backups::sudoers:
      ensure       => file,
      owner        => 'root',
      group        => 'root',
      mode         => '0440',
      content      => epp('backups/sudoers.epp', {
          'user'    => $backups::user,
          'command' => $backups::serve_command,
      }),
      validate_cmd => '/usr/sbin/visudo -cf %',
      require      => User[$backups::user],
    }

    $backups::collector_keys.each |Integer $index, String $line| {
      $parts = $line.split(' ')
      concat::fragment { "kaizen-collector-${index}":
        target  => $backups::authorized_keys,
        order   => '10',
        content => "${backups::key_options.join(',')} ${parts[0]} ${parts[1]} kaizen-collector-${index}\n",
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
    # userdel -r refuses a home that root owns (exit 12): the user goes first, then its home, as kaizen install does.
    -> user { $backups::user:
      ensure     => absent,
      managehome => false,
    }
    -> file { $backups::home:
      ensure => absent,
      force  => true,
    }
  }
}
