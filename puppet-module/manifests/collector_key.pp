# @summary A collector's public key in a node's backup user's `authorized_keys` (root's), forced to the read-only agent
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
  concat::fragment { "kaizen-collector@${title}":
    target  => $backups::authorized_keys,
    order   => '20',
    content => "${backups::key_options.join(',')} ${type} ${key} kaizen-collector@${title}\n",
  }
}
