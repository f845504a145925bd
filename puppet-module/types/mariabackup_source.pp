# @summary A MariaDB server copied physically by `mariabackup` into `dumps/NAME/`: a full backup, then one
#   incremental a day until `full-every` (1-366, default 7) snapshots share one full backup (README, "Database
#   sources"). Credentials from `defaults-file`, as for `mysql`.
type Backups::Mariabackup_source = Struct[{
  mariabackup     => Struct[{
    name                      => Backups::Source_name,
    Optional['defaults-file'] => Backups::Absolute_path,
    Optional['full-every']    => Integer[1, 366],
    Optional[timeout]         => Integer[1],
  }],
  Optional[hooks] => Backups::Hooks,
}]
