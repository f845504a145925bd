# @summary A command run over SSH on a device that cannot run kaizen (a switch's `show running-config`), its
#   stdout stored as `dumps/NAME/output` (README, "Switch configuration"): `identity` is the private key,
#   `known-hosts` pins the device's host key, `timeout` bounds the whole exchange (seconds, default 60).
type Backups::Ssh_command_source = Struct[{
  'ssh-command'   => Struct[{
    name            => Backups::Source_name,
    host            => Backups::Host,
    Optional[port]  => Integer[1, 65535],
    user            => Pattern[/\A[A-Za-z0-9_.-]{1,64}\z/],
    command         => Pattern[/\A[^\x00-\x1f\x7f]+\z/],
    identity        => Backups::Absolute_path,
    'known-hosts'   => Backups::Absolute_path,
    Optional[timeout] => Integer[1],
  }],
  Optional[hooks] => Backups::Hooks,
}]
