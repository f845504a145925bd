package io.kaizen.backup.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kaizen.backup.ConfigException;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.source.DumpSource;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.source.Source;
import io.kaizen.backup.transfer.Engines;
import io.kaizen.backup.transfer.FilterRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The node configuration file (README, "Configuration"):
 * <pre>
 * store: /backups          # where snapshots go (default /backups)
 * engine: auto             # auto | java | rsync
 * checksum: false          # compare content, not only size and mtime, to decide what is unchanged
 * host: compute-1          # name recorded in manifests (default: this host's name)
 * exclude: ['*.tmp']       # filter rules for every path source
 * sources:
 *   - path: /var/lib/nova
 *     exclude: [instances/]
 *   - dump: mysql-all
 *     command: [mysqldump, --all-databases]
 * retention: {keep-days: 8, min-keep: 2}
 * </pre>
 */
public record NodeConfig(String store, String engine, Boolean checksum, String host, List<String> exclude,
                         List<SourceEntry> sources, RetentionEntry retention) {
    public NodeConfig {
        if (engine != null && !Engines.NAMES.contains(engine)) {
            throw new IllegalArgumentException("engine: unknown engine '" + engine + "' (expected one of "
                    + Engines.NAMES + ")");
        }
        if (store != null && !Path.of(store).isAbsolute()) {
            throw new IllegalArgumentException("store: must be an absolute path, got '" + store + "'");
        }
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** One entry of {@code sources:}: exactly one of {@code path} or {@code dump}. */
    public record SourceEntry(String path, List<String> exclude, String dump, List<String> command) {
        public SourceEntry {
            if ((path == null) == (dump == null)) {
                throw new IllegalArgumentException("a source needs exactly one of 'path:' or 'dump:'");
            }
            if (path != null && !Path.of(path).isAbsolute()) {
                throw new IllegalArgumentException("path: must be absolute, got '" + path + "'");
            }
            if (path != null && command != null) {
                throw new IllegalArgumentException("'command:' belongs to a dump source, not to path " + path);
            }
            if (dump != null && exclude != null) {
                throw new IllegalArgumentException("'exclude:' belongs to a path source, not to dump " + dump);
            }
            if (dump != null && (command == null || command.isEmpty())) {
                throw new IllegalArgumentException("dump " + dump + " needs 'command:' (a list: [program, arg, ...])");
            }
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
        }

        Source toSource() {
            return path != null
                    ? new PathSource(Path.of(path), FilterRules.parse(exclude))
                    : new DumpSource(dump, command);
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

    public Optional<Path> storePath() {
        return Optional.ofNullable(store).map(Path::of);
    }

    public List<Source> toSources() {
        return sources.stream().map(SourceEntry::toSource).toList();
    }

    public FilterRules globalFilters() {
        return FilterRules.parse(exclude);
    }

    public Optional<RetentionPolicy> retentionPolicy() {
        return Optional.ofNullable(retention).map(RetentionEntry::toPolicy);
    }
}
