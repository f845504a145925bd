# @summary A size as kaizen reads it: bytes, or a number with a binary unit `K`, `M`, `G` or `T` (`64M`, `10G`).
type Backups::Size = Pattern[/\A[0-9]+[KMGT]?\z/]
