# @summary A path source: a directory or file backed up under its absolute path, with optional filter rules.
type Backups::Path_source = Struct[{
  path              => Backups::Absolute_path,
  Optional[exclude] => Array[Backups::Filter_rule],
}]
