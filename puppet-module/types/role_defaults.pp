# @summary What a role brings by default (module data `backups::roles`): the sources a node backs up, how many
#   days of snapshots are kept, when the daily job runs, and at which CPU and I/O priority (nodes).
type Backups::Role_defaults = Struct[{
  Optional[sources] => Array[Backups::Source],
  keep_days         => Integer[1],
  hour              => Integer[0, 23],
  minute            => Integer[0, 59],
  Optional[priority] => Backups::Priority,
}]
