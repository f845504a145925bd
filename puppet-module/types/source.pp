# @summary One thing a node backs up: a path (with excludes) or a dump command. Same keys as `sources:` in the
#   node configuration file.
type Backups::Source = Variant[Backups::Path_source, Backups::Dump_source]
