# @summary An absolute path on a Linux machine: starts with `/`, no `..` component, no control characters.
type Backups::Absolute_path = Pattern[/\A(?!(.*\/)?\.\.(\/|\z))\/[^\x00-\x1f\x7f]*\z/]
