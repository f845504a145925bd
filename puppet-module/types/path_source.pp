# @summary A path source: a directory or file backed up under its absolute path, with optional filter rules.
#   `optional => true`: a node that lacks the path skips it instead of refusing the snapshot. `reflink => true`:
#   large changed files (VM images) are stored as reflinks of their previous version plus the changed blocks
#   (XFS, btrfs; README, "VM images"). `snapshot => 'lvm'`: copied from a read-only LVM snapshot of the logical
#   volume holding the path, removed after the copy, with `lvm-snapshot-size` room for the changes meanwhile
#   (default `20%`; only with `snapshot`; README, "Consistent copies from LVM snapshots"). `hooks`: commands run
#   before and after this source.
type Backups::Path_source = Struct[{
  path                          => Backups::Absolute_path,
  Optional[exclude]             => Array[Backups::Filter_rule],
  Optional[optional]            => Boolean,
  Optional[reflink]             => Boolean,
  Optional[snapshot]            => Enum['lvm'],
  Optional['lvm-snapshot-size'] => Backups::Lvm_snapshot_size,
  Optional[hooks]               => Backups::Hooks,
}]
