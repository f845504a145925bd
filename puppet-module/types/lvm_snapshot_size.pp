# @summary The room an LVM snapshot gets for the blocks written to its volume during the copy (source key
#   `lvm-snapshot-size`, README "Consistent copies from LVM snapshots"): a percentage of the volume from `1%` to
#   `100%` (`lvcreate -l N%ORIGIN`), or a size of at least one byte with a binary unit `K`, `M`, `G` or `T` (`512M`, `4G`).
type Backups::Lvm_snapshot_size = Pattern[/\A(100|[1-9][0-9]?)%\z/, /\A[1-9][0-9]*[KMGT]?\z/]
