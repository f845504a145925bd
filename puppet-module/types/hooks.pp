# @summary `before`/`after` commands around a node's whole run or around one source (README, "Hooks"): each runs
#   without a shell; `timeout` (seconds, default 300) kills a hook with its children. The programs must exist on
#   the node, or `kaizen snapshot` refuses the configuration.
type Backups::Hooks = Struct[{
  Optional[before]  => Backups::Command,
  Optional[after]   => Backups::Command,
  Optional[timeout] => Integer[1, 86400],
}]
