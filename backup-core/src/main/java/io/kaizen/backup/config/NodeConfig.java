package io.kaizen.backup.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kaizen.backup.ConfigException;
import io.kaizen.backup.process.Priority;
import io.kaizen.backup.remote.SshSettings;
import io.kaizen.backup.remote.SshTarget;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.source.DumpSource;
import io.kaizen.backup.source.MariabackupSource;
import io.kaizen.backup.source.Hooks;
import io.kaizen.backup.source.MysqlSource;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.source.PostgresqlSource;
import io.kaizen.backup.source.Source;
import io.kaizen.backup.source.SshCommandSource;
import io.kaizen.backup.transfer.EngineNames;
import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.volume.SnapshotSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The node configuration file (README, "Configuration"):
 * <pre>
 * store: /backups          # where snapshots go (default /backups)
 * engine: auto             # auto | java | rsync
 * delta-min-size: 0        # java engine: rebuild changed files of at least this size by delta (e.g. 64M; 0: never)
 * checksum: false          # compare content, not only size and mtime, to decide what is unchanged
 * accept-store-without-hard-links: false  # true: a store that cannot hard-link is used (every file copied, a warning)
 * host: compute-1          # name recorded in manifests (default: this host's name)
 * exclude: ['*.tmp']       # filter rules for every path source
 * sources:
 *   - path: /var/lib/nova
 *     exclude: [instances/]
 *   - path: /var/lib/glance
 *     optional: true       # skipped when this node has no such path
 *   - path: /var/lib/mysql
 *     snapshot: lvm        # copied from an LVM snapshot of the logical volume holding it
 *     lvm-snapshot-size: 20%   # room for changes during the copy: % of the volume (default 20%) or a size (4G)
 *   - dump: mysql-all
 *     command: [mysqldump, --all-databases]
 *   - postgresql: {name: haas, os-user: postgres, databases: [haas]}
 *   - mysql: {name: openstack, defaults-file: /etc/kaizen/my.cnf}
 *   - ssh-command: {name: switch-1, host: 10.0.0.2, user: backup, command: "show running-config",
 *                   identity: /etc/kaizen/id_ed25519, known-hosts: /etc/kaizen/known_hosts}
 * retention: {keep-days: 8, min-keep: 2}
 * hooks: {before: [/usr/local/bin/quiesce], after: [/usr/local/bin/thaw], timeout: 300}   # also per source
 * free-space-floor: 5%     # or bytes (10G): refuse to start a run that would leave less free
 * priority: {nice: 19, io-class: idle}   # io-class idle | best-effort | realtime, io-level 0-7; default unchanged
 * </pre>
 */
public record NodeConfig(String store, String engine, @JsonProperty("delta-min-size") String deltaMinSize,
                         Boolean checksum,
                         @JsonProperty("accept-store-without-hard-links") Boolean acceptStoreWithoutHardLinks,
                         String host, List<String> exclude, List<SourceEntry> sources,
                         RetentionEntry retention, HooksEntry hooks,
                         @JsonProperty("free-space-floor") String freeSpaceFloor, PriorityEntry priority) {
    public NodeConfig {
        if (freeSpaceFloor != null) {
            checked(() -> NodeSettings.freeSpaceFloor(freeSpaceFloor));
        }
        if (deltaMinSize != null) {
            try {
                ByteSize.parse(deltaMinSize);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("delta-min-size: " + e.getMessage());
            }
        }
        if (engine != null && !EngineNames.NAMES.contains(engine)) {
            throw new IllegalArgumentException("engine: unknown engine '" + engine + "' (expected one of "
                    + EngineNames.NAMES + ")");
        }
        if (store != null && !Path.of(store).isAbsolute()) {
            throw new IllegalArgumentException("store: must be an absolute path, got '" + store + "'");
        }
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /**
     * One entry of {@code sources:}: exactly one of {@code path}, {@code dump}, {@code postgresql}, {@code mysql}
     * or {@code ssh-command}, each with its own keys. The source is built (and so checked) as the entry is read,
     * so every mistake is reported with the file and line.
     */
    public record SourceEntry(String path, List<String> exclude, Boolean reflink, Boolean optional,
                              String snapshot, @JsonProperty("lvm-snapshot-size") String lvmSnapshotSize, String dump,
                              List<String> command,
                              PostgresqlEntry postgresql, MysqlEntry mysql, MariabackupEntry mariabackup,
                              @JsonProperty("ssh-command") SshCommandEntry sshCommand, HooksEntry hooks) {
        private static final String KINDS = "'path:', 'dump:', 'postgresql:', 'mysql:', 'mariabackup:' or 'ssh-command:'";
        private static final String LVM = "lvm";

        public SourceEntry {
            long kinds = Stream.of(path, dump, postgresql, mysql, mariabackup, sshCommand).filter(Objects::nonNull).count();
            if (kinds != 1) {
                throw new IllegalArgumentException("a source needs exactly one of " + KINDS
                        + (kinds == 0 ? "" : " (this one has " + kinds + ")"));
            }
            if (path != null && !Path.of(path).isAbsolute()) {
                throw new IllegalArgumentException("path: must be absolute, got '" + path + "'");
            }
            if (path == null && (exclude != null || reflink != null || optional != null || snapshot != null
                    || lvmSnapshotSize != null)) {
                throw new IllegalArgumentException("'" + (exclude != null ? "exclude" : reflink != null ? "reflink"
                        : optional != null ? "optional" : snapshot != null ? "snapshot" : SnapshotSize.KEY)
                        + ":' belongs to a path source");
            }
            if (snapshot != null && !LVM.equals(snapshot)) {
                throw new IllegalArgumentException("snapshot: unknown kind '" + snapshot + "' (expected " + LVM + ")");
            }
            if (lvmSnapshotSize != null && snapshot == null) {
                throw new IllegalArgumentException(SnapshotSize.KEY + ": belongs with 'snapshot: " + LVM + "'");
            }
            if (dump == null && command != null) {
                throw new IllegalArgumentException("'command:' belongs to a dump source"
                        + (path != null ? ", not to path " + path : ""));
            }
            if (dump != null && (command == null || command.isEmpty())) {
                throw new IllegalArgumentException("dump " + dump + " needs 'command:' (a list: [program, arg, ...])");
            }
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
            List<String> excludes = exclude;
            checked(() -> source(path, excludes, reflink, optional, snapshot, lvmSnapshotSize, dump, command,
                    postgresql, mysql, mariabackup, sshCommand));
            if (snapshot != null) {
                checked(() -> {
                    source(path, excludes, reflink, optional, snapshot, lvmSnapshotSize, dump, command, postgresql,
                            mysql, mariabackup, sshCommand).preflight();
                    return null;
                });
            }
        }

        Source toSource() {
            return source(path, exclude, reflink, optional, snapshot, lvmSnapshotSize, dump, command, postgresql,
                    mysql, mariabackup, sshCommand);
        }

        private static Source source(String path, List<String> exclude, Boolean reflink, Boolean optional,
                                     String snapshot, String lvmSnapshotSize, String dump,
                                     List<String> command, PostgresqlEntry postgresql, MysqlEntry mysql,
                                     MariabackupEntry mariabackup, SshCommandEntry sshCommand) {
            if (path != null) {
                Optional<SnapshotSize> lvm = snapshot == null ? Optional.empty() : Optional.of(
                        lvmSnapshotSize == null ? SnapshotSize.DEFAULT : NodeSettings.lvmSnapshotSize(lvmSnapshotSize));
                return new PathSource(Path.of(path), FilterRules.parse(exclude), Boolean.TRUE.equals(reflink),
                        Boolean.TRUE.equals(optional), lvm);
            }
            if (dump != null) {
                return new DumpSource(dump, command);
            }
            if (postgresql != null) {
                return postgresql.toSource();
            }
            if (mariabackup != null) {
                return mariabackup.toSource();
            }
            return mysql != null ? mysql.toSource() : sshCommand.toSource();
        }
    }

    /** {@code postgresql: {name, host, port, os-user, user, passfile, databases, bin-dir, timeout}}. */
    public record PostgresqlEntry(String name, String host, Integer port, @JsonProperty("os-user") String osUser,
                                  String user, String passfile, List<String> databases,
                                  @JsonProperty("bin-dir") String binDir, Integer timeout) {
        public PostgresqlEntry {
            required("postgresql", "name", name);
            checked(() -> source(name, host, port, osUser, user, passfile, databases, binDir, timeout));
        }

        PostgresqlSource toSource() {
            return source(name, host, port, osUser, user, passfile, databases, binDir, timeout);
        }

        private static PostgresqlSource source(String name, String host, Integer port, String osUser, String user,
                                               String passfile, List<String> databases, String binDir, Integer timeout) {
            return new PostgresqlSource(name, host, port, osUser, user, absolute("passfile", passfile), databases,
                    absolute("bin-dir", binDir), seconds("timeout", timeout));
        }
    }

    /** {@code mysql: {name, defaults-file, databases, timeout}}. */
    public record MysqlEntry(String name, @JsonProperty("defaults-file") String defaultsFile, List<String> databases,
                             Integer timeout) {
        public MysqlEntry {
            required("mysql", "name", name);
            checked(() -> source(name, defaultsFile, databases, timeout));
        }

        MysqlSource toSource() {
            return source(name, defaultsFile, databases, timeout);
        }

        private static MysqlSource source(String name, String defaultsFile, List<String> databases, Integer timeout) {
            return new MysqlSource(name, absolute("defaults-file", defaultsFile), databases, seconds("timeout", timeout));
        }
    }

    /** {@code mariabackup: {name, defaults-file, full-every, timeout}}. */
    public record MariabackupEntry(String name, @JsonProperty("defaults-file") String defaultsFile,
                                   @JsonProperty("full-every") Integer fullEvery, Integer timeout) {
        public MariabackupEntry {
            required("mariabackup", "name", name);
            checked(() -> source(name, defaultsFile, fullEvery, timeout));
        }

        MariabackupSource toSource() {
            return source(name, defaultsFile, fullEvery, timeout);
        }

        private static MariabackupSource source(String name, String defaultsFile, Integer fullEvery, Integer timeout) {
            return new MariabackupSource(name, absolute("defaults-file", defaultsFile),
                    fullEvery == null ? MariabackupSource.DEFAULT_FULL_EVERY : fullEvery, seconds("timeout", timeout));
        }
    }

    /** {@code ssh-command: {name, host, port, user, command, identity, known-hosts, timeout}}. */
    public record SshCommandEntry(String name, String host, Integer port, String user, String command, String identity,
                                 @JsonProperty("known-hosts") String knownHosts, Integer timeout) {
        public SshCommandEntry {
            for (String[] key : new String[][] {{"name", name}, {"host", host}, {"user", user}, {"command", command},
                    {"identity", identity}, {"known-hosts", knownHosts}}) {
                required("ssh-command" + (name == null ? "" : " " + name), key[0], key[1]);
            }
            checked(() -> source(name, host, port, user, command, identity, knownHosts, timeout));
        }

        SshCommandSource toSource() {
            return source(name, host, port, user, command, identity, knownHosts, timeout);
        }

        private static SshCommandSource source(String name, String host, Integer port, String user, String command,
                                               String identity, String knownHosts, Integer timeout) {
            return new SshCommandSource(name, new SshTarget(host, port == null ? SshTarget.DEFAULT_PORT : port, user),
                    SshSettings.pinned(absolute("identity", identity), absolute("known-hosts", knownHosts)), command,
                    seconds("timeout", timeout));
        }
    }

    private static void required(String what, String key, Object value) {
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException(what + " needs '" + key + ":'");
        }
    }

    private static Path absolute(String key, String value) {
        if (value == null) {
            return null;
        }
        Path path = Path.of(value);
        if (!path.isAbsolute()) {
            throw new ConfigException(key + ": must be an absolute path, got '" + value + "'");
        }
        return path;
    }

    private static Duration seconds(String key, Integer value) {
        if (value == null) {
            return null;
        }
        if (value < 1) {
            throw new ConfigException(key + ": must be at least 1 (seconds), got " + value);
        }
        return Duration.ofSeconds(value);
    }

    /**
     * {@code hooks: {before: [program, arg, ...], after: [...], timeout: SECONDS}}, around the run or one source;
     * each command must exist, the timeout is 1 to 86400 seconds (default 300).
     */
    public record HooksEntry(List<String> before, List<String> after, Integer timeout) {
        public HooksEntry {
            checked(() -> hooks(before, after, timeout));
        }

        public Hooks toHooks() {
            return hooks(before, after, timeout);
        }

        private static Hooks hooks(List<String> before, List<String> after, Integer timeout) {
            return new Hooks(before, after, timeout == null ? null : Duration.ofSeconds(timeout));
        }
    }

    /** {@code priority: {nice, io-class, io-level}}; keys not given leave that part unchanged. */
    public record PriorityEntry(Integer nice, @JsonProperty("io-class") String ioClass,
                                @JsonProperty("io-level") Integer ioLevel) {
        public PriorityEntry {
            checked(() -> priority(nice, ioClass, ioLevel));
        }

        public Priority toPriority() {
            return priority(nice, ioClass, ioLevel);
        }

        private static Priority priority(Integer nice, String ioClass, Integer ioLevel) {
            return new Priority(nice, ioClass == null ? null : Priority.IoClass.parse(ioClass), ioLevel);
        }
    }

    /** Builds a value to check it; its complaint becomes the loader's (which adds the file and line). */
    private static void checked(Supplier<?> build) {
        try {
            build.get();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@code retention:}; keys not given are null. */
    public record RetentionEntry(@JsonProperty("keep-days") Integer keepDays,
                                 @JsonProperty("keep-daily") Integer keepDaily,
                                 @JsonProperty("keep-weekly") Integer keepWeekly,
                                 @JsonProperty("keep-monthly") Integer keepMonthly,
                                 @JsonProperty("keep-yearly") Integer keepYearly,
                                 @JsonProperty("min-keep") Integer minKeep) {
        public RetentionEntry {
            try {
                RetentionPolicy.fromSettings(keepDays, keepDaily, keepWeekly, keepMonthly, keepYearly, minKeep);
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        public RetentionPolicy toPolicy() {
            return RetentionPolicy.fromSettings(keepDays, keepDaily, keepWeekly, keepMonthly, keepYearly, minKeep);
        }
    }

    /** {@code delta-min-size} in bytes, if set. */
    public Optional<Long> deltaMinSizeBytes() {
        return Optional.ofNullable(deltaMinSize).map(ByteSize::parse);
    }

    public Optional<Path> storePath() {
        return Optional.ofNullable(store).map(Path::of);
    }

    public List<Source> toSources() {
        return sources.stream().map(SourceEntry::toSource).toList();
    }

    /** The hooks around each source, in the order of {@link #toSources()}. */
    public List<Hooks> sourceHooks() {
        return sources.stream().map(e -> e.hooks() == null ? Hooks.NONE : e.hooks().toHooks()).toList();
    }

    /** The priority runs run at: unchanged unless {@code priority:} says otherwise. */
    public Priority runPriority() {
        return priority == null ? Priority.UNCHANGED : priority.toPriority();
    }

    /** The hooks around the whole run. */
    public Hooks runHooks() {
        return hooks == null ? Hooks.NONE : hooks.toHooks();
    }

    public FilterRules globalFilters() {
        return FilterRules.parse(exclude);
    }

    public Optional<RetentionPolicy> retentionPolicy() {
        return Optional.ofNullable(retention).map(RetentionEntry::toPolicy);
    }
}
