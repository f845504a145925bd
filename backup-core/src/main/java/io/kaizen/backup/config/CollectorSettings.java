package io.kaizen.backup.config;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.collect.CollectRequest;
import io.kaizen.backup.collect.NodeLimits;
import io.kaizen.backup.collect.RetrySchedule;
import io.kaizen.backup.inventory.Inventory;
import io.kaizen.backup.remote.BandwidthLimit;
import io.kaizen.backup.remote.SshSettings;
import io.kaizen.backup.report.StoreHealth;
import io.kaizen.backup.retention.RetentionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A collector's settings resolved in one place: what the caller gave wins over the collector configuration file
 * (if any), which wins over the defaults. Each default is defined once: parallelism, retention and the entry
 * limit in {@link CollectRequest}, a node's deadline, minimum rate and quota in {@link NodeLimits}, the freshness limit in {@link StoreHealth}, every SSH setting in
 * {@link SshSettings}.
 */
public final class CollectorSettings {
    private static final Pattern TIME_OF_DAY = Pattern.compile("([01]?\\d|2[0-3]):[0-5]\\d");

    private CollectorSettings() {
    }

    /**
     * What the caller gave for a collection run: null (an empty policy) where nothing was given.
     *
     * @param maxAge          a time span as {@link TimeSpan} reads it
     * @param deadline        a time span as {@link TimeSpan} reads it
     * @param minRate         bytes per second, a size as {@link ByteSize} reads it
     * @param quota           a size as {@link ByteSize} reads it
     * @param preserveDevices true when given; false leaves it to the configuration
     */
    public record CollectOptions(Path dest, Integer parallel, String maxAge,
                                 Optional<RetentionPolicy> retention, boolean dryRun, String deadline, String minRate,
                                 String quota, boolean preserveDevices, Long bandwidthLimit,
                                 String retryUntil, String retryEvery) {
        public CollectOptions {
            retention = retention == null ? Optional.empty() : retention;
        }
    }

    /**
     * What the caller gave for reaching nodes over SSH: null where nothing was given.
     *
     * @param connectTimeout a time span as {@link TimeSpan} reads it
     * @param idleTimeout    a time span as {@link TimeSpan} reads it
     */
    public record SshOptions(Path identity, Path knownHosts, String connectTimeout, String idleTimeout,
                             boolean acceptNew) {
    }

    /** The SSH settings: each one given, else configured, else its {@link SshSettings} default. */
    public static SshSettings ssh(SshOptions given, Optional<CollectorConfig> config) {
        Path identity = Optional.ofNullable(given.identity()).map(Path::toAbsolutePath)
                .or(() -> config.flatMap(CollectorConfig::identityPath)).orElse(SshSettings.DEFAULT_IDENTITY);
        Path knownHosts = Optional.ofNullable(given.knownHosts()).map(Path::toAbsolutePath)
                .or(() -> config.flatMap(CollectorConfig::knownHostsPath)).orElse(SshSettings.DEFAULT_KNOWN_HOSTS);
        Duration connect = Optional.ofNullable(given.connectTimeout())
                .or(() -> config.map(CollectorConfig::connectTimeout)).map(TimeSpan::parse)
                .orElse(SshSettings.DEFAULT_CONNECT_TIMEOUT);
        Duration idle = Optional.ofNullable(given.idleTimeout()).or(() -> config.map(CollectorConfig::timeout))
                .map(TimeSpan::parse).orElse(SshSettings.DEFAULT_IDLE_TIMEOUT);
        return new SshSettings(identity, knownHosts, connect, idle, SshSettings.DEFAULT_KEEPALIVE, given.acceptNew());
    }

    /** The collector's store root: the one given, else the configured one; there is no default. */
    public static Path dest(Path given, Optional<CollectorConfig> config) {
        return given != null ? given.toAbsolutePath() : config.flatMap(CollectorConfig::destPath)
                .orElseThrow(() -> ConfigException.ofSetting("dest", ": not given (the collector's store root,"
                        + " DEST/NODE/DATE)"));
    }

    /** The inventory, loaded from the file or directory given, else the configured one; there is no default. */
    public static Inventory inventory(Path given, Optional<CollectorConfig> config) {
        Path path = given != null ? given.toAbsolutePath() : config.flatMap(CollectorConfig::inventoryPath)
                .orElseThrow(() -> ConfigException.ofSetting("inventory", ": not given (the nodes: a YAML file or a"
                        + " directory of them)"));
        return ConfigLoader.loadInventory(path);
    }

    /** The freshness limit: the one given, else the configured one, else {@link StoreHealth#DEFAULT_MAX_AGE}. */
    public static Duration maxAge(String given, Optional<CollectorConfig> config) {
        return Optional.ofNullable(given).or(() -> config.map(CollectorConfig::maxAge)).map(TimeSpan::parse)
                .orElse(StoreHealth.DEFAULT_MAX_AGE);
    }

    /** The bandwidth limit per node in KiB/s: the one given, else the configured one, else unlimited. */
    public static BandwidthLimit bandwidthLimit(Long given, Optional<CollectorConfig> config) {
        return Optional.ofNullable(given).or(() -> config.map(CollectorConfig::bandwidthLimit))
                .map(BandwidthLimit::new).orElse(BandwidthLimit.UNLIMITED);
    }

    /**
     * The retry window: {@code until} (HH:MM) and {@code every} (a time span, default
     * {@link RetrySchedule#DEFAULT_EVERY}), each the one given, else the configured one; none without an until.
     */
    public static Optional<RetrySchedule> retry(String until, String every, Optional<CollectorConfig> config) {
        Optional<String> untilText = Optional.ofNullable(until).or(() -> config.map(CollectorConfig::retryUntil));
        Optional<String> everyText = Optional.ofNullable(every).or(() -> config.map(CollectorConfig::retryEvery));
        if (untilText.isEmpty()) {
            if (everyText.isPresent()) {
                throw ConfigException.ofSetting("retry-every", ": needs retry-until (the time of day retries stop)");
            }
            return Optional.empty();
        }
        if (!TIME_OF_DAY.matcher(untilText.get()).matches()) {
            throw ConfigException.ofSetting("retry-until", ": must be a time of day HH:MM (00:00-23:59), got '"
                    + untilText.get() + "'");
        }
        Duration pause;
        try {
            pause = everyText.map(TimeSpan::parse).orElse(RetrySchedule.DEFAULT_EVERY);
        } catch (ConfigException e) {
            throw ConfigException.ofSetting("retry-every", ": " + e.getMessage());
        }
        return Optional.of(new RetrySchedule(LocalTime.parse(untilText.get().length() == 4 ? "0" + untilText.get()
                : untilText.get()), pause));
    }

    /**
     * The collection run over {@code inventory} that the options given and the configuration describe.
     *
     * @param idleTimeout the longest silence of a node mid-transfer, as the SSH settings say
     * @param host        this machine's host name, for the locks
     */
    public static CollectRequest collectRequest(CollectOptions given, Optional<CollectorConfig> config,
                                                Inventory inventory, Duration idleTimeout, String host) {
        return new CollectRequest(dest(given.dest(), config), inventory.nodes(),
                Optional.ofNullable(given.parallel()).or(() -> config.map(CollectorConfig::parallel))
                        .orElse(CollectRequest.DEFAULT_PARALLEL),
                given.retention().or(() -> config.flatMap(CollectorConfig::retentionPolicy)).orElse(null),
                maxAge(given.maxAge(), config), idleTimeout, given.dryRun(), CollectRequest.DEFAULT_MAX_ENTRIES, host,
                limits(given, config), given.preserveDevices()
                        || config.map(CollectorConfig::preserveDevices).orElse(null) == Boolean.TRUE,
                bandwidthLimit(given.bandwidthLimit(), config), retry(given.retryUntil(), given.retryEvery(), config));
    }

    /** What one node may cost: each limit given, else configured, else its {@link NodeLimits} default. */
    private static NodeLimits limits(CollectOptions given, Optional<CollectorConfig> config) {
        Duration deadline = Optional.ofNullable(given.deadline()).or(() -> config.map(CollectorConfig::deadline))
                .map(TimeSpan::parse).orElse(NodeLimits.DEFAULT_DEADLINE);
        long minRate = size("min-rate", Optional.ofNullable(given.minRate()).or(() -> config.map(CollectorConfig::minRate)))
                .orElse(NodeLimits.DEFAULT_MIN_RATE);
        long quota = size("quota", Optional.ofNullable(given.quota()).or(() -> config.map(CollectorConfig::quota)))
                .orElse(0L);
        return new NodeLimits(deadline, minRate, quota);
    }

    private static Optional<Long> size(String setting, Optional<String> text) {
        try {
            return text.map(ByteSize::parse);
        } catch (IllegalArgumentException e) {
            throw ConfigException.ofSetting(setting, ": " + e.getMessage());
        }
    }
}
