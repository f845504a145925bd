# @summary A local user name (the backup user on nodes).
type Backups::User_name = Pattern[/\A[a-z_][a-z0-9_-]{0,31}\z/]
