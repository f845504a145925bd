package io.kaizen.backup.config;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.snapshot.FreeSpaceFloor;
import io.kaizen.backup.snapshot.SnapshotRequest;
import io.kaizen.backup.source.MariabackupSource;
import io.kaizen.backup.source.Hooks;
import io.kaizen.backup.source.MysqlSource;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.source.PostgresqlSource;
import io.kaizen.backup.source.Source;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.volume.SnapshotSize;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A node's settings resolved in one place: what the caller gave wins over the node configuration file (if any),
 * which wins over the defaults. Each default is defined once: the store here, the engine, delta size and checksum
 * in {@link SnapshotRequest.Builder}, min-keep in {@link RetentionPolicy}.
 */
public final class NodeSettings {
    /** The store when neither the caller nor the configuration names one. */
    public static final Path DEFAULT_STORE = Path.of("/backups");

    private NodeSettings() {
    }

    /**
     * What the caller gave for a snapshot run: null (an empty list, an empty policy) where nothing was given.
     * Sources given replace the configured ones; exclude rules given come after the configured global ones.
     *
     * @param deltaMinSize a size as {@link ByteSize} reads it
     * @param date         a snapshot date, {@code YYYY-MM-DD}
     * @param freeSpaceFloor as {@link #freeSpaceFloor(String)} reads it
     * @param localHost    this machine's host name, the host when neither the caller nor the configuration names one
     */
    public record SnapshotOptions(Path store, List<Path> sources, List<String> excludes, String engine,
                                  String deltaMinSize, Boolean checksum, Boolean acceptStoreWithoutHardLinks,
                                  String date, String host, Optional<RetentionPolicy> retention,
                                  String freeSpaceFloor, String localHost) {
        public SnapshotOptions {
            sources = sources == null ? List.of() : List.copyOf(sources);
            excludes = excludes == null ? List.of() : List.copyOf(excludes);
            retention = retention == null ? Optional.empty() : retention;
        }
    }

    /** The store: the one given, else the configured one, else {@link #DEFAULT_STORE}. */
    public static Path store(Path given, Optional<NodeConfig> config) {
        return given != null ? given.toAbsolutePath() : config.flatMap(NodeConfig::storePath).orElse(DEFAULT_STORE);
    }

    /** The retention: the policy given, else the configured one, else none. */
    public static Optional<RetentionPolicy> retention(Optional<RetentionPolicy> given, Optional<NodeConfig> config) {
        return given.or(() -> config.flatMap(NodeConfig::retentionPolicy));
    }

    /** The snapshot run that the options given and the configuration describe. */
    public static SnapshotRequest snapshotRequest(SnapshotOptions given, Optional<NodeConfig> config) {
        SnapshotRequest.Builder builder = SnapshotRequest.builder()
                .store(store(given.store(), config))
                .globalFilters(config.map(NodeConfig::globalFilters).orElse(FilterRules.NONE)
                        .then(FilterRules.parse(given.excludes())))
                .host(given.host() != null ? given.host()
                        : config.map(NodeConfig::host).orElse(given.localHost()));
        if (given.sources().isEmpty() && config.isPresent()) {
            List<Source> sources = config.get().toSources();
            List<Hooks> hooks = config.get().sourceHooks();
            for (int i = 0; i < sources.size(); i++) {
                builder.source(sources.get(i), hooks.get(i));
            }
        } else {
            given.sources().forEach(p -> builder.source(new PathSource(p.toAbsolutePath(), FilterRules.NONE)));
        }
        config.map(NodeConfig::runHooks).ifPresent(builder::hooks);
        config.map(NodeConfig::runPriority).ifPresent(builder::priority);
        Optional.ofNullable(given.engine()).or(() -> config.map(NodeConfig::engine)).ifPresent(builder::engine);
        Optional.ofNullable(given.checksum()).or(() -> config.map(NodeConfig::checksum)).ifPresent(builder::checksum);
        Optional.ofNullable(given.acceptStoreWithoutHardLinks())
                .or(() -> config.map(NodeConfig::acceptStoreWithoutHardLinks))
                .ifPresent(builder::acceptStoreWithoutHardLinks);
        deltaMinSize(given.deltaMinSize()).or(() -> config.flatMap(NodeConfig::deltaMinSizeBytes))
                .ifPresent(builder::deltaMinSize);
        Optional.ofNullable(given.date()).map(SnapshotName::parse).ifPresent(builder::date);
        retention(given.retention(), config).ifPresent(builder::retention);
        Optional.ofNullable(given.freeSpaceFloor()).or(() -> config.map(NodeConfig::freeSpaceFloor))
                .map(NodeSettings::freeSpaceFloor).ifPresent(builder::freeSpaceFloor);
        return builder.build();
    }

    /** An LVM snapshot's size: a percentage of its volume ({@code 20%}) or a size ({@code 4G}, {@code 512M}). */
    public static SnapshotSize lvmSnapshotSize(String text) {
        String spelled = text.strip();
        try {
            return spelled.endsWith("%")
                    ? SnapshotSize.percent(Long.parseLong(spelled.substring(0, spelled.length() - 1).strip()))
                    : SnapshotSize.bytes(ByteSize.parse(spelled));
        } catch (IllegalArgumentException e) {
            throw ConfigException.ofSetting(SnapshotSize.KEY, ": expected a percentage of the volume (20%) or a "
                    + "size (4G), got '" + text + "'");
        }
    }

    /** A free-space floor: a percentage of the file system ({@code 5%}) or a size ({@code 10G}, {@code 512M}). */
    public static FreeSpaceFloor freeSpaceFloor(String text) {
        String spelled = text.strip();
        try {
            if (spelled.endsWith("%")) {
                return FreeSpaceFloor.percent(Double.parseDouble(spelled.substring(0, spelled.length() - 1).strip()));
            }
            return FreeSpaceFloor.bytes(ByteSize.parse(spelled));
        } catch (IllegalArgumentException e) {
            throw ConfigException.ofSetting("free-space-floor", ": '" + text + "' is neither a percentage (5%) nor a"
                    + " size (10G)");
        }
    }

    /** The configured database source (postgresql, mysql or mariabackup) named {@code name}, if the configuration has one. */
    public static Optional<Source> databaseSource(Optional<NodeConfig> config, String name) {
        return config.map(NodeConfig::toSources).orElse(List.of()).stream()
                .filter(s -> (s instanceof PostgresqlSource || s instanceof MysqlSource || s instanceof MariabackupSource)
                        && s.name().equals(name))
                .findFirst();
    }

    private static Optional<Long> deltaMinSize(String given) {
        try {
            return Optional.ofNullable(given).map(ByteSize::parse);
        } catch (IllegalArgumentException e) {
            throw ConfigException.ofSetting("delta-min-size", ": " + e.getMessage());
        }
    }
}
