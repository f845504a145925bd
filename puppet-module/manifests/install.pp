# @summary Installs (or removes) the packages kaizen needs, kaizen itself and its directories.
#
# @api private
class backups::install {
  if $caller_module_name != $module_name {
    fail("Use of private class ${name} by ${caller_module_name}")
  }

  if $backups::enabled {
    $file = 'file'
    $directory = 'directory'
    if $backups::manage_packages {
      $cron = $backups::effective_scheduler ? { 'cron' => [$backups::cron_package], default => [] }
      # The database clients of the node's sources (mysqldump, mariabackup, pg_dump), and the LVM tools of path
      # sources copied from an LVM snapshot (kind `lvm`, the value of their `snapshot`).
      $kinds = $backups::is_node ? {
        true    => $backups::effective_sources.map |$source| { $source.keys - ['hooks'] + [$source['snapshot']].filter |$kind| { $kind =~ NotUndef } }.flatten.unique,
        default => [],
      }
      $clients = $kinds.map |$kind| { $backups::source_packages[$kind].lest || { [] } }.flatten.unique
      $wanted = unique($backups::packages + $cron + $clients)
      package { $wanted:
        ensure => installed,
        before => File[$backups::jar],
      }
    }
  } else {
    $file = 'absent'
    $directory = 'absent'
  }

  file { $backups::lib_dir:
    ensure => $directory,
    owner  => 'root',
    group  => 'root',
    mode   => '0755',
    force  => true,
  }
  file { $backups::jar:
    ensure => $file,
    owner  => 'root',
    group  => 'root',
    mode   => '0644',
    source => 'puppet:///modules/backups/kaizen.jar',
  }
  if $backups::enabled {
    # The class-data archive of this jar (kaizen.jsa, read by the launcher while it is newer than the jar): made
    # by a training run whenever it is missing or older than the jar, so kaizen starts fast (README, "Start-up").
    $archive = "${backups::lib_dir}/kaizen.jsa"
    exec { 'kaizen class-data archive':
      command => "java -cp ${backups::jar} io.kaizen.backup.cli.ClassArchive",
      unless  => "test -s ${archive} -a ${archive} -nt ${backups::jar}",
      path    => ['/usr/local/bin', '/usr/bin', '/bin'],
      require => File[$backups::jar],
    }
  }
  file { $backups::bin:
    ensure => $file,
    owner  => 'root',
    group  => 'root',
    mode   => '0755',
    source => 'puppet:///modules/backups/kaizen',
  }
  file { $backups::config_dir:
    ensure => $directory,
    owner  => 'root',
    group  => 'root',
    mode   => '0755',
    force  => true,
  }
  file { $backups::log_dir:
    ensure => $directory,
    owner  => 'root',
    group  => 'adm',
    mode   => '0750',
    force  => true,
  }
}
