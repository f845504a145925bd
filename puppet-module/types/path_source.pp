# @summary A path source: a directory or file backed up under its absolute path, with optional filter rules.
#   `optional => true`: a node that lacks the path skips it instead of refusing the snapshot. `reflink => true`:
#   large changed files (VM images) are stored as reflinks of their previous version plus the changed blocks
#   (XFS, btrfs; README, "VM images"). `hooks`: commands run before and after this source.
type Backups::Path_source = Struct[{
  path               => Backups::Absolute_path,
  Optional[exclude]  => Array[Backups::Filter_rule],
  Optional[optional] => Boolean,
  Optional[reflink]  => Boolean,
  Optional[hooks]    => Backups::Hooks,
}]
