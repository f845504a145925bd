# @summary A MariaDB/MySQL source: one consistent `mysqldump` of every database (or of `databases`) into
#   `dumps/NAME/`, with the credentials read from `defaults-file` (a my.cnf with a `[client]` section, mode 0600).
type Backups::Mysql_source = Struct[{
  mysql           => Struct[{
    name                      => Backups::Source_name,
    Optional['defaults-file'] => Backups::Absolute_path,
    Optional[databases]       => Array[Backups::Database_name, 1],
    Optional[timeout]         => Integer[1],
  }],
  Optional[hooks] => Backups::Hooks,
}]
