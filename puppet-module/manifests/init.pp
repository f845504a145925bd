# @summary Kaizen Backup on one machine: daily snapshots on nodes, collection on collectors.
#
# A node (`controller`, `compute`, `generic`) gets Java, `kaizen` (`/usr/local/bin/kaizen` and
# `/usr/local/lib/kaizen/kaizen.jar`), its configuration `/etc/kaizen/node.yaml`, the store (mode 0700), the
# daily snapshot (`/etc/cron.d/kaizen-snapshot` or a systemd timer), logrotate for `/var/log/kaizen`, and the
# backup user through which collectors pull: its `authorized_keys` allows only the read-only agent
# (`restrict[,from="..."],command="sudo -n /usr/local/bin/kaizen serve --store STORE"`) and the sudoers drop-in
# `/etc/sudoers.d/kaizen-backup` allows exactly that command, keeping `SSH_ORIGINAL_COMMAND` for the agent.
#
# A collector gets `kaizen`, its key pair (made on the collector, never in the catalog), `known_hosts`, the
# inventory (`/etc/kaizen/nodes.yaml` reading the directory `/etc/kaizen/nodes.d`, one file per node),
# `/etc/kaizen/collector.yaml` and the daily collection, set after the nodes' window. With `offsite_target`,
# it also replicates every node's snapshots to the offsite tier after the collection: `/etc/kaizen/offsite.yaml`
# and `kaizen replicate` (cron or timer); the offsite key and the S3 credentials are named there by path and
# never enter the catalog.
#
# Every default is in the module's Hiera data (`data/common.yaml`); a role's defaults are `backups::roles`.
#
# @example A controller, with the role's defaults
#   class { 'backups': role => 'controller' }
#
# @example A compute node keeping 8 days, snapshot at 02:30, failures mailed to ops
#   class { 'backups':
#     role      => 'compute',
#     keep_days => 8,
#     hour      => 2,
#     minute    => 30,
#     mailto    => 'ops@example.org',
#   }
#
# @example A collector whose inventory and keys come from exported resources (PuppetDB)
#   class { 'backups': role => 'collector', nodes_query => true }
#
# @example A collector replicating to Ceph RGW at 08:00 (key and credentials files made on the collector)
#   class { 'backups':
#     role           => 'collector',
#     offsite_target => {
#       's3' => {
#         'endpoint'    => 'https://rgw.example.org',
#         'bucket'      => 'kaizen',
#         'prefix'      => 'moc/',
#         'credentials' => '/etc/kaizen/offsite.s3',
#       },
#     },
#     offsite_hour   => 8,
#     offsite_minute => 0,
#   }
#
# @example Remove Kaizen Backup, keeping the backups themselves
#   class { 'backups': enabled => false }
#
# @param enabled
#   `false` removes everything this class installed except the backups themselves (the node store and the
#   collector's store) and the packages (Java, rsync, sudo... may serve others).
# @param role
#   `controller`, `compute` and `generic` are nodes; `collector` pulls the nodes' snapshots.
# @param roles
#   Each role's defaults: `sources` (nodes only), `keep_days`, `hour`, `minute`. Merged deeply from Hiera, so
#   a `sources` list given there is joined to the role's; set `sources` to replace it.
# @param sources
#   What a node backs up, replacing the role's list: `{path => '/etc/nova', exclude => ['*.tmp']}` (with
#   `optional => true`, a node that lacks the path skips it; with `snapshot => 'lvm'` and optionally
#   `'lvm-snapshot-size' => '10%'` or `'4G'`, it is copied from an LVM snapshot), `{dump => 'NAME', command => ['prog',
#   'arg', ...]}` (stdout stored as `dumps/NAME`) or `{mysql => {name => 'NAME', 'defaults-file' =>
#   '/etc/kaizen/my.cnf'}}` (every database into `dumps/NAME/`); every kind of `Backups::Source`.
# @param keep_days
#   Days of snapshots kept (node store, or per node on a collector). Default: the role's (nodes 2, collectors 8),
#   unless a `keep_daily`, `keep_weekly`, `keep_monthly` or `keep_yearly` is set (they cannot be combined).
# @param keep_daily
#   Grandfather-father-son retention (node store, or per node on a collector): the newest snapshot of each of the
#   last N days is kept. Setting any of the four replaces `keep_days`; undef: not written (keep-days applies).
# @param keep_weekly
#   GFS: the newest snapshot of each of the last N ISO weeks is kept.
# @param keep_monthly
#   GFS: the newest snapshot of each of the last N months is kept.
# @param keep_yearly
#   GFS: the newest snapshot of each of the last N years is kept.
# @param hour
#   Hour (0-23, local time) of the daily job. Default: the role's.
# @param minute
#   Minute (0-59) of the daily job. Default: the role's.
# @param min_keep
#   Retention never deletes if fewer snapshots than this would remain.
# @param exclude
#   Filter rules (rsync syntax) applied to every path source.
# @param engine
#   What copies trees: `auto` (= `java`), `java` or `rsync`.
# @param host
#   Host name recorded in manifests and `backup.info`; default: the machine's host name.
# @param store
#   The node store (created mode 0700, owner root; kept by `enabled => false`). A `Backups::Safe_path`: it goes
#   into the forced command and the sudoers rule.
# @param allow_rsync
#   Let the collectors' keys also run rsync senders on this node (`kaizen serve --allow-rsync`). Off: collectors
#   speak only the agent protocol; a plain `rsync -e ssh node:...` needs it.
# @param mailto
#   Where cron mails the job's stderr (failures and warnings only). Undef: cron's default (the local root).
# @param scheduler
#   `cron` (a file in `/etc/cron.d`), `systemd` (a timer) or `auto`: systemd when it is the running init.
# @param user
#   The backup user collectors log in as on nodes.
# @param from
#   Addresses or host patterns collectors may connect from (the key's `from=`); undef: any.
# @param collector_keys
#   Collectors' public keys (`ssh-ed25519 AAAA... comment`) allowed to pull from this node, besides those
#   collected from PuppetDB.
# @param address
#   Where collectors reach this node (exported inventory entry); default: fact `networking.ip`.
# @param ssh_port
#   The port of this node's sshd (exported inventory entry).
# @param cluster
#   Name tying nodes and collectors together: exported resources are collected only within one cluster.
# @param export
#   Node: export the host keys and the inventory entry, and collect the collectors' keys (needs PuppetDB).
# @param nodes_query
#   Collector: collect the nodes' inventory entries and host keys, and export the collector's key (needs
#   PuppetDB).
# @param collector_dest
#   The collector's store: one directory per node (created mode 0700; kept by `enabled => false`). A
#   `Backups::Safe_path`.
# @param nodes
#   Collector: nodes given statically (name => `{host, port, user, store, host_keys}`), besides those collected.
# @param parallel
#   Collector: how many nodes are pulled at once.
# @param max_age
#   Collector: a node whose newest snapshot is older than this (`26h`, `90m`, `2d`) is reported stale.
# @param offsite_target
#   Collector: where `kaizen replicate` sends the snapshots (`{directory => PATH}` or `{s3 => {endpoint,
#   bucket, prefix, region, credentials}}`); undef: no offsite tier.
# @param offsite_key
#   Collector: the offsite keyset file (made by `kaizen offsite init`, mode 0600); named in `offsite.yaml` only.
# @param offsite_keep_days
#   Collector: days the offsite tier keeps (used by `kaizen offsite prune` only).
# @param offsite_hour
#   Collector: hour of the daily `kaizen replicate`; undef: two hours after the collection.
# @param offsite_minute
#   Collector: minute of the daily `kaizen replicate`; undef: the collection's minute.
# @param checksum
#   Node: `true` also compares content to decide what is unchanged (reads both copies); undef: the library's
#   default (`false`).
# @param delta_min_size
#   Node, Java engine: changed files of at least this size (`64M`) are rebuilt by delta; undef: never.
# @param accept_store_without_hard_links
#   Node: `true` uses a store whose file system cannot hard-link (exFAT, some network file systems): every run
#   copies every file and warns (exit 3); undef: not written, so such a store is refused (the library's default).
# @param free_space_floor
#   Node: the free space a run must leave on the store's file system or it does not start (`5%`, `12.5%`, `10G`);
#   undef: the library's default (`5%`).
# @param priority
#   Node: the CPU and I/O priority of the run (`{nice => 19, 'io-class' => 'idle'}`); undef: the role's
#   (compute: nice 19, idle I/O, as the tenants' VMs come first; other roles: unchanged). `{}`: unchanged.
# @param hooks
#   Node: commands run before and after the whole run (`{before => ['/usr/local/bin/quiesce'], after =>
#   [...], timeout => 300}`); sources take their own `hooks` too.
# @param mysql_backup
#   Node: how `mysql` sources (the controller role's database) are taken: `mysqldump` (logical, one file) or
#   `mariabackup` (physical, a full backup plus daily incrementals; same `name` and `defaults-file`).
# @param connect_timeout
#   Collector: TCP connection, SSH handshake and login (`30s`); undef: the library's default.
# @param timeout
#   Collector: the longest stretch of a node's pull without data (`10m`); undef: the library's default.
# @param deadline
#   Collector: the longest pull of one node (`23h`); undef: the library's default (23h).
# @param min_rate
#   Collector: the least average bytes per second of a pull older than `timeout` (`1K`; `0`: off); undef: the
#   library's default (1K).
# @param quota
#   Collector: the most bytes one snapshot of a node may hold (`500G`); undef: no quota.
# @param preserve_devices
#   Collector: `true` makes device nodes and set-id bits live in the store (mount it `nodev,nosuid`); undef:
#   recorded only (the library's default).
# @param bandwidth_limit
#   Collector: KiB/s each node may send (0: unlimited); undef: unlimited.
# @param retry_until
#   Collector: a time of day (`08:00`) until which nodes that failed or have no snapshot from today are tried
#   again; undef: no retries.
# @param retry_every
#   Collector: the pause between those passes (`10m`, the library's default); needs `retry_until`.
# @param manage_packages
#   Install the packages in `packages` (and `cron_package` when it schedules, and the database clients of the
#   node's sources from `source_packages`).
# @param packages
#   Packages kaizen needs: a Java 17 runtime, rsync, sudo, ssh-keygen, logrotate.
# @param cron_package
#   The package of the cron daemon (`cron` on Debian, `cronie` on RedHat).
# @param source_packages
#   The packages a node needs per kind of source it has: the database clients (`mysql`, `mariabackup`,
#   `postgresql`) and the LVM tools for path sources with `snapshot => 'lvm'` (`lvm`).
class backups (
  Boolean $enabled,
  Backups::Role $role,
  Hash[Backups::Role, Backups::Role_defaults] $roles,
  Optional[Array[Backups::Source, 1]] $sources,
  Optional[Integer[1]] $keep_days,
  Optional[Integer[1]] $keep_daily,
  Optional[Integer[1]] $keep_weekly,
  Optional[Integer[1]] $keep_monthly,
  Optional[Integer[1]] $keep_yearly,
  Optional[Integer[0, 23]] $hour,
  Optional[Integer[0, 59]] $minute,
  Integer[1] $min_keep,
  Array[Backups::Filter_rule] $exclude,
  Enum['auto', 'java', 'rsync'] $engine,
  Optional[Backups::Node_name] $host,
  Backups::Safe_path $store,
  Boolean $allow_rsync,
  Optional[Backups::Mailto] $mailto,
  Backups::Scheduler $scheduler,
  Backups::User_name $user,
  Optional[Array[Backups::Address_pattern, 1]] $from,
  Array[Backups::Ssh_public_key] $collector_keys,
  Optional[Backups::Host] $address,
  Integer[1, 65535] $ssh_port,
  Backups::Cluster $cluster,
  Boolean $export,
  Boolean $nodes_query,
  Backups::Safe_path $collector_dest,
  Hash[Backups::Node_name, Backups::Static_node] $nodes,
  Integer[1, 64] $parallel,
  Pattern[/\A[1-9][0-9]*[mhd]\z/] $max_age,
  Optional[Backups::Offsite_target] $offsite_target,
  Backups::Absolute_path $offsite_key,
  Integer[1] $offsite_keep_days,
  Optional[Integer[0, 23]] $offsite_hour,
  Optional[Integer[0, 59]] $offsite_minute,
  Optional[Boolean] $checksum,
  Optional[Backups::Size] $delta_min_size,
  Optional[Boolean] $accept_store_without_hard_links,
  Optional[Backups::Free_space_floor] $free_space_floor,
  Optional[Backups::Priority] $priority,
  Optional[Backups::Hooks] $hooks,
  Enum['mysqldump', 'mariabackup'] $mysql_backup,
  Optional[Backups::Time_span] $connect_timeout,
  Optional[Backups::Time_span] $timeout,
  Optional[Backups::Time_span] $deadline,
  Optional[Backups::Size] $min_rate,
  Optional[Backups::Size] $quota,
  Optional[Boolean] $preserve_devices,
  Optional[Integer[0, 10485760]] $bandwidth_limit,
  Optional[Pattern[/\A([01][0-9]|2[0-3]):[0-5][0-9]\z/]] $retry_until,
  Optional[Backups::Time_span] $retry_every,
  Boolean $manage_packages,
  Array[String[1]] $packages,
  String[1] $cron_package,
  Hash[Enum['mysql', 'mariabackup', 'postgresql', 'lvm'], Array[String[1]]] $source_packages,
) {
  # Fixed locations: the authorized_keys command, the sudoers rule and the docs name them.
  $bin = '/usr/local/bin/kaizen'
  $lib_dir = '/usr/local/lib/kaizen'
  $jar = "${lib_dir}/kaizen.jar"
  $config_dir = '/etc/kaizen'
  $node_config = "${config_dir}/node.yaml"
  $collector_config = "${config_dir}/collector.yaml"
  $offsite_config = "${config_dir}/offsite.yaml"
  $inventory = "${config_dir}/nodes.yaml"
  $nodes_dir = "${config_dir}/nodes.d"
  $identity = "${config_dir}/id_ed25519"
  $known_hosts = "${config_dir}/known_hosts"
  $sudoers = '/etc/sudoers.d/kaizen-backup'
  $log_dir = '/var/log/kaizen'
  $home = "/var/lib/${user}"
  $authorized_keys = "${home}/.ssh/authorized_keys"
  $tag = "kaizen_${cluster}"

  $is_node = $enabled and $role != 'collector'
  $is_collector = $enabled and $role == 'collector'

  $role_defaults = $roles[$role]
  if $role_defaults =~ Undef {
    fail("backups: parameter 'roles' has no defaults for role '${role}'")
  }
  # The role's (or the given) sources, with every `mysql` source taken by mariabackup when mysql_backup says so.
  $effective_sources = ($sources.lest || { $role_defaults['sources'].lest || { [] } }).map |$source| {
    if $mysql_backup == 'mariabackup' and $source['mysql'] =~ Hash {
      if $source['mysql']['databases'] =~ NotUndef {
        fail("backups: mysql source '${source['mysql']['name']}' lists databases, which mariabackup cannot choose (mysql_backup => 'mariabackup' copies the whole server)")
      }
      ($source - 'mysql') + { 'mariabackup' => $source['mysql'] }
    } else {
      $source
    }
  }
  $effective_sources.each |$source| {
    if $source['lvm-snapshot-size'] =~ NotUndef and $source['snapshot'] =~ Undef {
      fail("backups: path source '${source['path']}' has 'lvm-snapshot-size' without snapshot => 'lvm'")
    }
  }
  $effective_priority = $priority.lest || { $role_defaults['priority'] }
  if $retry_every =~ NotUndef and $retry_until =~ Undef {
    fail("backups: parameter 'retry_every' needs 'retry_until' (the time of day retries stop)")
  }
  # What retention: keep-days (given or the role's), or the grandfather-father-son counts given; min-keep either way.
  $gfs = {
    'keep-daily'   => $keep_daily,
    'keep-weekly'  => $keep_weekly,
    'keep-monthly' => $keep_monthly,
    'keep-yearly'  => $keep_yearly,
  }.filter |$key, $value| { $value =~ NotUndef }
  if $keep_days =~ NotUndef and !$gfs.empty {
    fail("backups: parameter 'keep_days' cannot be combined with ${gfs.keys.map |$key| { regsubst($key, '-', '_') }.join(', ')} (either keep-days or grandfather-father-son counts)")
  }
  $retention = ($gfs.empty ? {
      true    => { 'keep-days' => $keep_days.lest || { $role_defaults['keep_days'] } },
      default => $gfs,
  }) + { 'min-keep' => $min_keep }
  $effective_hour = $hour.lest || { $role_defaults['hour'] }
  $effective_minute = $minute.lest || { $role_defaults['minute'] }
  if $is_node and $effective_sources.empty {
    fail("backups: role '${role}' has no sources: set parameter 'sources'")
  }
  $is_replicating = $is_collector and $offsite_target =~ NotUndef
  $effective_offsite_hour = $offsite_hour.lest || { ($effective_hour + 2) % 24 }
  $effective_offsite_minute = $offsite_minute.lest || { $effective_minute }
  if $enabled and $offsite_target =~ NotUndef and $role != 'collector' {
    fail("backups: parameter 'offsite_target' needs role 'collector' (this is role '${role}')")
  }
  if $store == $collector_dest {
    fail("backups: parameters 'store' and 'collector_dest' must differ (both are ${store})")
  }

  $effective_scheduler = $scheduler ? {
    'auto'  => $facts['backups_systemd'] ? { true => 'systemd', default => 'cron' },
    default => $scheduler,
  }
  $effective_address = $address.lest || { $facts.dig('networking', 'ip') }
  $certname = $trusted['certname']

  # What collectors may run on a node: the read-only agent on the store, as root, nothing else. The options
  # are in the README's order: restrict[,from="..."],command="...".
  $rsync_option = $allow_rsync ? {
    true    => ' --allow-rsync',
    default => '',
  }
  $serve_command = "${bin} serve --store ${store}${rsync_option}"
  $key_options = ['restrict'] + ($from ? {
      undef   => [],
      default => ["from=\"${from.join(',')}\""],
  }) + ["command=\"sudo -n ${serve_command}\""]

  if $enabled {
    contain backups::install
    contain backups::config
    contain backups::access
    contain backups::collector
    contain backups::schedule
    Class['backups::install'] -> Class['backups::config'] -> Class['backups::access']
    -> Class['backups::collector'] -> Class['backups::schedule']
  } else {
    # Removal runs the other way round: first the schedule, last the files and directories the others used.
    contain backups::schedule
    contain backups::collector
    contain backups::access
    contain backups::config
    contain backups::install
    Class['backups::schedule'] -> Class['backups::collector'] -> Class['backups::access']
    -> Class['backups::config'] -> Class['backups::install']
  }
}
