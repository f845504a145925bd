# @summary A collector's public key in a node's backup user's `authorized_keys`, forced to the read-only agent
#   (`restrict,command=...`, plus `from=` when the node sets it).
#
# Collectors export one each (with `nodes_query`); nodes collect them (with `export`). The title is the
# collector's certname.
#
# @api private
#
# @param type
#   The key's type, e.g. `ssh-ed25519`.
# @param key
#   The key itself (base64).
define backups::collector_key (
  Enum['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'] $type,
  Pattern[/\A[A-Za-z0-9+\/]+={0,3}\z/] $key,
) {
  ssh_authorized_key { "kaizen-collector@${title}":
    ensure  => present,
    user    => $backups::user,
    type    => $type,
    key     => $key,
    options => $backups::key_options,
    require => User[$backups::user],
  }
}
