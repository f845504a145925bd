# @summary A path that may be spliced into `command="..."` of `authorized_keys` and into a sudoers rule: absolute,
#   each component made of letters, digits, `.`, `_`, `+` and `-`, not starting with a dot (so no `.` or `..`, no
#   spaces, quotes, `;`, `$`). `kaizen install --store` checks the same pattern (InstallSettings.SAFE_PATH).
type Backups::Safe_path = Pattern[/\A(\/[A-Za-z0-9_+-][A-Za-z0-9._+-]*)+\z/]
