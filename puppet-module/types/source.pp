# @summary One thing a node backs up: a path (with excludes), a dump command or a MariaDB/MySQL server. Same keys
#   as `sources:` in the node configuration file.
type Backups::Source = Variant[Backups::Path_source, Backups::Dump_source, Backups::Mysql_source]
