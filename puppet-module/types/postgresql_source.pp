# @summary A PostgreSQL cluster dumped into `dumps/NAME/` (`pg_dumpall --globals-only`, then `pg_dump -Fc` per
#   database; README, "Database sources"): `host` (socket directory or host name), `port`, `os-user` (the clients
#   run as this user: `postgres` for peer authentication), `user` (the role), `passfile` (a `.pgpass`),
#   `databases` (default: all), `bin-dir` (where the clients are), `timeout` (seconds per client).
type Backups::Postgresql_source = Struct[{
  postgresql      => Struct[{
    name                 => Backups::Source_name,
    Optional[host]       => Variant[Backups::Absolute_path, Backups::Host],
    Optional[port]       => Integer[1, 65535],
    Optional['os-user']  => Backups::User_name,
    Optional[user]       => Pattern[/\A[A-Za-z0-9_.-]{1,63}\z/],
    Optional[passfile]   => Backups::Absolute_path,
    Optional[databases]  => Array[Backups::Database_name, 1],
    Optional['bin-dir']  => Backups::Absolute_path,
    Optional[timeout]    => Integer[1],
  }],
  Optional[hooks] => Backups::Hooks,
}]
