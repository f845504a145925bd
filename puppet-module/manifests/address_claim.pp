# @summary One node's claim to the address collectors reach it at, in a collector's catalog. Declared by
#   `backups::node_entry`; a second node claiming the same address fails the catalog, naming both nodes.
#
# @api private
#
# @param claimant
#   The node (its certname) that claims the address (the title, `HOST:PORT`).
define backups::address_claim (
  Backups::Node_name $claimant,
) {
}
