# @summary The CPU and I/O priority of a node's run (README, "Priority"): `nice` -20 to 19, `io-class` `idle`,
#   `best-effort` or `realtime`, `io-level` 0 to 7 (best-effort and realtime only). A part not given is left as
#   cron started it.
type Backups::Priority = Variant[
  Struct[{
    Optional[nice]       => Integer[-20, 19],
    'io-class'             => Enum['best-effort', 'realtime'],
    Optional['io-level']   => Integer[0, 7],
  }],
  Struct[{
    Optional[nice]       => Integer[-20, 19],
    Optional['io-class']   => Enum['idle', 'best-effort', 'realtime'],
  }],
]
