# frozen_string_literal: true

# Fact backups_collector_pubkey: the public key of a Kaizen Backup collector ("ssh-ed25519 AAAA... comment"),
# made on the collector by class backups. Collectors export it so that nodes let them in; the private key
# never leaves the collector. Absent where there is no key.
Facter.add(:backups_collector_pubkey) do
  confine kernel: 'Linux'
  setcode do
    path = '/etc/kaizen/id_ed25519.pub'
    File.read(path).strip if File.file?(path)
  end
end
