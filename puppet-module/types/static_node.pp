# @summary A node in a collector's static inventory (parameter `backups::nodes`).
type Backups::Static_node = Struct[{
  host                => Backups::Host,
  Optional[port]      => Integer[1, 65535],
  Optional[user]      => Backups::User_name,
  Optional[store]     => Backups::Absolute_path,
  Optional[host_keys] => Array[Backups::Ssh_public_key],
}]
