# @summary How the daily job is started: a file in `/etc/cron.d`, a systemd timer, or `auto` (a systemd timer
#   when systemd is the running init, as fact `backups_systemd` says; cron otherwise).
type Backups::Scheduler = Enum['auto', 'cron', 'systemd']
