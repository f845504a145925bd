# @summary Where a collector reaches a node: a host name, an IPv4 address or an IPv6 address.
type Backups::Host = Pattern[
  /\A[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\z/,
  /\A[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\z/,
]
