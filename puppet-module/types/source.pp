# @summary One thing a node backs up: a path (with excludes), a dump command, a MariaDB/MySQL server (logical or
#   physical), a PostgreSQL cluster, or a command over SSH. Same keys as `sources:` in the node configuration file.
type Backups::Source = Variant[
  Backups::Path_source,
  Backups::Dump_source,
  Backups::Mysql_source,
  Backups::Mariabackup_source,
  Backups::Postgresql_source,
  Backups::Ssh_command_source,
]
