# @summary A MariaDB/MySQL source: one consistent `mysqldump` of every database (or of `databases`) into
#   `dumps/NAME/`, with the credentials read from `defaults-file` (a my.cnf with a `[client]` section, mode 0600).
type Backups::Mysql_source = Struct[{
  mysql => Struct[{
    name                      => Pattern[/\A[A-Za-z0-9._-]+\z/],
    Optional['defaults-file'] => Backups::Absolute_path,
    Optional[databases]       => Array[Pattern[/\A[A-Za-z0-9_$-]+\z/], 1],
    Optional[timeout]         => Integer[1],
  }],
}]
