# @summary A database name in a source's `databases` list.
type Backups::Database_name = Pattern[/\A[A-Za-z0-9_$-]+\z/]
