# @summary A node's name in the inventory (its certname): also a directory name on collectors, so no `/`,
#   no leading dot, nothing but letters, digits, `.`, `_` and `-`.
type Backups::Node_name = Pattern[/\A[A-Za-z0-9][A-Za-z0-9._-]{0,252}\z/]
