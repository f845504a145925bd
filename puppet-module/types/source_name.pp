# @summary The name of a database or command source: the directory `dumps/NAME/` of a snapshot.
type Backups::Source_name = Pattern[/\A[A-Za-z0-9._-]+\z/]
