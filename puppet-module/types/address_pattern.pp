# @summary One entry of an sshd `from=` list: an IPv4 or IPv6 address or CIDR block, or a host name pattern
#   (`*` and `?` wildcards), optionally negated with `!`.
type Backups::Address_pattern = Pattern[
  /\A!?[0-9*?]{1,3}(\.[0-9*?]{1,3}){0,3}(\/[0-9]{1,2})?\z/,
  /\A!?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(\/[0-9]{1,3})?\z/,
  /\A!?[A-Za-z0-9*?]([A-Za-z0-9*?-]*[A-Za-z0-9*?])?(\.[A-Za-z0-9*?]([A-Za-z0-9*?-]*[A-Za-z0-9*?])?)*\z/,
]
