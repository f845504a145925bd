# @summary The free space a node's run must leave on the store's file system or it does not start (README,
#   "Disk-space guard"): a percentage from `0%` to `100%` (`5%`, `12.5%`) or a `Backups::Size` (`10G`).
type Backups::Free_space_floor = Variant[
  Pattern[/\A(100(\.0+)?|[0-9]{1,2}(\.[0-9]+)?)%\z/],
  Backups::Size,
]
