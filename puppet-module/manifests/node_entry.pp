# @summary A node in a collector's inventory: `/etc/kaizen/nodes.d/NAME.yaml`, and its host keys pinned in the
#   collector's `known_hosts` under its name.
#
# Nodes export one each (with `export`); collectors collect them (with `nodes_query`) or declare them from
# parameter `nodes`. The title is the node's name (its certname). Host keys are pinned as `kaizen-node:NAME`, the
# alias `kaizen collect` looks a node's key up under, never under the address: a key is accepted for the node it
# was exported by, whatever address another node claims. Two entries with one address (`HOST:PORT`) still fail
# the collector's catalog, naming both nodes (one of them may be forging its facts).
#
# @api private
#
# @param host
#   Where the collector reaches the node.
# @param port
#   The node's sshd port.
# @param user
#   The node's backup user.
# @param store
#   The node's store.
# @param host_keys
#   The node's SSH host keys (`TYPE BASE64`), pinned in the collector's `known_hosts` as `kaizen-node:NAME`.
define backups::node_entry (
  Backups::Host $host,
  Integer[1, 65535] $port = 22,
  Backups::User_name $user = 'kaizen-backup',
  Backups::Absolute_path $store = '/backups',
  Array[Backups::Ssh_public_key] $host_keys = [],
) {
  if $title !~ Backups::Node_name {
    fail("backups: '${title}' cannot name a node in the inventory")
  }

  # A node chooses its address (from its facts): two nodes claiming one address means one of them forged its
  # facts to have its host key pinned under the other's address and be collected in its place. Refused, naming both.
  $claim = "${host}:${port}"
  if defined(Backups::Address_claim[$claim]) {
    $other = Backups::Address_claim[$claim]['claimant']
    fail("backups: nodes '${other}' and '${title}' both claim address ${claim}: one of them may be impersonating the other; refusing to pin either's host key there (check both machines)")
  }
  backups::address_claim { $claim:
    claimant => $title,
  }

  file { "${backups::nodes_dir}/${title}.yaml":
    ensure  => file,
    owner   => 'root',
    group   => 'root',
    mode    => '0644',
    content => epp('backups/node_entry.yaml.epp', {
        'name'  => $title,
        'host'  => $host,
        'port'  => $port,
        'user'  => $user,
        'store' => $store,
    }),
  }

  # Pinned under the node's name, as kaizen collect and kaizen enroll look it up (README, "Security model").
  $host_keys.each |String $line| {
    $parts = $line.split(' ')
    sshkey { "kaizen-node:${title}@${parts[0]}":
      ensure  => present,
      key     => $parts[1],
      target  => $backups::known_hosts,
      require => File[$backups::known_hosts],
    }
  }
}
