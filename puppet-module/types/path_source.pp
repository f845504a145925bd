# @summary A path source: a directory or file backed up under its absolute path, with optional filter rules.
#   `optional => true`: a node that lacks the path skips it instead of refusing the snapshot.
type Backups::Path_source = Struct[{
  path               => Backups::Absolute_path,
  Optional[exclude]  => Array[Backups::Filter_rule],
  Optional[optional] => Boolean,
}]
