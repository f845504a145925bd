# @summary The name that ties nodes and collectors together in PuppetDB: exported resources are tagged with it,
#   so two clusters sharing one PuppetDB never see each other's keys or nodes.
type Backups::Cluster = Pattern[/\A[a-z0-9][a-z0-9_]{0,62}\z/]
