# @summary A dump source: a command (run without a shell) whose stdout is stored as `dumps/NAME`.
type Backups::Dump_source = Struct[{
  dump    => Pattern[/\A[A-Za-z0-9._-]+\z/],
  command => Array[Pattern[/\A[^\x00-\x1f\x7f]*\z/], 1],
}]
