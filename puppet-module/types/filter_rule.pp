# @summary One rsync filter rule (`instances/`, `*.tmp`, `/var/lib/foo/cache/`, `+ keep.me`): one line, not empty.
type Backups::Filter_rule = Pattern[/\A[^\x00-\x1f\x7f]+\z/]
