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
      $cron = $backups::effective_scheduler ? { 'cron' => ['cron'], default => [] }
      package { $backups::packages + $cron:
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
