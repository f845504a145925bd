# @summary Cron's MAILTO: one or more mail addresses (or local user names) separated by commas.
type Backups::Mailto = Pattern[/\A[A-Za-z0-9._+-]+(@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)?(,[A-Za-z0-9._+-]+(@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)?)*\z/]
