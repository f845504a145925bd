# @summary What a machine does in Kaizen Backup.
#
# `controller`, `compute` and `generic` are nodes: they take daily snapshots of their own paths and let a
# collector pull them. `collector` pulls the nodes' snapshots.
type Backups::Role = Enum['controller', 'compute', 'generic', 'collector']
