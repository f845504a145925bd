# @summary A dump source: a command (run without a shell) whose stdout is stored as `dumps/NAME`, with optional
#   hooks around it.
type Backups::Dump_source = Struct[{
  dump            => Pattern[/\A[A-Za-z0-9._-]+\z/],
  command         => Backups::Command,
  Optional[hooks] => Backups::Hooks,
}]
