# @summary When the daily job runs: a file in `/etc/cron.d` (with `MAILTO`) or a systemd timer, and logrotate
#   for `/var/log/kaizen`.
#
# Nodes run `kaizen snapshot`, collectors `kaizen collect` and, with an offsite tier, `kaizen replicate` later. Under cron, stdout goes to the log and stderr
# (problems only) is mailed to `mailto`. Under systemd, a failed run starts `kaizen-failure@UNIT.service`,
# which mails the unit's journal to `mailto` with `sendmail`.
#
# @api private
class backups::schedule {
  if $caller_module_name != $module_name {
    fail("Use of private class ${name} by ${caller_module_name}")
  }

  $jobs = {
    'snapshot'  => {
      'wanted'  => $backups::is_node,
      'command' => "${backups::bin} snapshot --config ${backups::node_config}",
      'what'    => 'the daily snapshot of this node',
    },
    'collect'   => {
      'wanted'  => $backups::is_collector,
      'command' => "${backups::bin} collect --config ${backups::collector_config}",
      'what'    => "the daily collection of the nodes' snapshots",
    },
    'replicate' => {
      'wanted'  => $backups::is_replicating,
      'command' => "${backups::bin} replicate --config ${backups::offsite_config}",
      'what'    => 'the daily replication of the collected snapshots to the offsite tier',
      'hour'    => $backups::effective_offsite_hour,
      'minute'  => $backups::effective_offsite_minute,
    },
  }
  $systemd_running = $facts['backups_systemd'] == true
  $use_systemd = $backups::effective_scheduler == 'systemd'
  $units_dir = '/etc/systemd/system'

  $jobs.each |String $job, Hash $spec| {
    $cron_wanted = $spec['wanted'] and !$use_systemd
    $timer_wanted = $spec['wanted'] and $use_systemd
    $log = "${backups::log_dir}/${job}.log"
    $hour = $spec['hour'].lest || { $backups::effective_hour }
    $minute = $spec['minute'].lest || { $backups::effective_minute }

    if $cron_wanted {
      file { "/etc/cron.d/kaizen-${job}":
        ensure  => file,
        owner   => 'root',
        group   => 'root',
        mode    => '0644',
        content => epp('backups/cron.epp', {
            'what'    => $spec['what'],
            'command' => $spec['command'],
            'log'     => $log,
            'hour'    => $hour,
            'minute'  => $minute,
            'mailto'  => $backups::mailto,
        }),
      }
    } else {
      file { "/etc/cron.d/kaizen-${job}":
        ensure => absent,
      }
    }

    $unit_files = ["${units_dir}/kaizen-${job}.service", "${units_dir}/kaizen-${job}.timer"]
    if $timer_wanted {
      file { "${units_dir}/kaizen-${job}.service":
        ensure  => file,
        owner   => 'root',
        group   => 'root',
        mode    => '0644',
        content => epp('backups/job.service.epp', {
            'what'    => $spec['what'],
            'command' => $spec['command'],
            'log'     => $log,
            'mailto'  => $backups::mailto,
        }),
      }
      file { "${units_dir}/kaizen-${job}.timer":
        ensure  => file,
        owner   => 'root',
        group   => 'root',
        mode    => '0644',
        content => epp('backups/job.timer.epp', {
            'what'   => $spec['what'],
            'hour'   => $hour,
            'minute' => $minute,
        }),
      }
      ~> service { "kaizen-${job}.timer":
        ensure   => running,
        enable   => true,
        provider => 'systemd',
        require  => File["${units_dir}/kaizen-${job}.service"],
      }
    } else {
      if $systemd_running {
        service { "kaizen-${job}.timer":
          ensure   => stopped,
          enable   => false,
          provider => 'systemd',
          before   => File[$unit_files],
        }
      }
      file { $unit_files:
        ensure => absent,
      }
    }
  }

  if $use_systemd and $backups::enabled and $backups::mailto =~ NotUndef {
    file { '/usr/local/lib/kaizen/mail-failure':
      ensure  => file,
      owner   => 'root',
      group   => 'root',
      mode    => '0755',
      content => epp('backups/mail-failure.epp'),
    }
    file { "${units_dir}/kaizen-failure@.service":
      ensure  => file,
      owner   => 'root',
      group   => 'root',
      mode    => '0644',
      content => epp('backups/failure.service.epp', { 'mailto' => $backups::mailto }),
    }
  } else {
    if $backups::enabled {
      # (Disabled, class backups::install removes /usr/local/lib/kaizen whole.)
      file { '/usr/local/lib/kaizen/mail-failure':
        ensure => absent,
      }
    }
    file { "${units_dir}/kaizen-failure@.service":
      ensure => absent,
    }
  }

  if $backups::enabled {
    file { '/etc/logrotate.d/kaizen':
      ensure  => file,
      owner   => 'root',
      group   => 'root',
      mode    => '0644',
      content => epp('backups/logrotate.epp', { 'log_dir' => $backups::log_dir }),
    }
  } else {
    file { '/etc/logrotate.d/kaizen':
      ensure => absent,
    }
  }
}
