package io.kaizen.backup.snapshot;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.process.Priority;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.source.Hooks;
import io.kaizen.backup.source.Source;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.transfer.FilterRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One snapshot run: the store, the sources, filter rules for every path source, the engine's name and the size
 * from which its Java engine rebuilds changed files by delta (0: never), whether
 * unchanged files must also match by content ({@code checksum}), the date to
 * name the snapshot after (default: today by the job's clock), the retention to apply after a run that did not
 * fail (none: keep everything), the host name recorded in the manifest, the hooks around the whole run and those
 * around single sources (by source; a source without any has {@link Hooks#NONE}), and the free space a run must
 * leave on the store's file system (default {@link FreeSpaceFloor#DEFAULT}), and the priority the run runs at
 * (default: unchanged), and whether a store that cannot hard-link is accepted (with a warning every run, every
 * file copied) rather than refused.
 */
public record SnapshotRequest(Path store, List<Source> sources, FilterRules globalFilters, String engine,
                              long deltaMinSize, boolean checksum, Optional<SnapshotName> date,
                              Optional<RetentionPolicy> retention, String host, Hooks hooks,
                              Map<Source, Hooks> sourceHooks, FreeSpaceFloor freeSpaceFloor, Priority priority,
                              boolean acceptStoreWithoutHardLinks) {
    public SnapshotRequest {
        if (store == null) {
            throw ConfigException.ofSetting("store", ": not given (where the snapshots go)");
        }
        if (sources == null || sources.isEmpty()) {
            throw ConfigException.ofSetting("sources", ": none given, nothing to back up");
        }
        if (deltaMinSize < 0) {
            throw new ConfigException("the delta size must not be negative, got " + deltaMinSize);
        }
        sources = List.copyOf(sources);
        store = store.toAbsolutePath().normalize();
        hooks = hooks == null ? Hooks.NONE : hooks;
        sourceHooks = sourceHooks == null ? Map.of() : Collections.unmodifiableMap(new IdentityHashMap<>(sourceHooks));
        freeSpaceFloor = freeSpaceFloor == null ? FreeSpaceFloor.DEFAULT : freeSpaceFloor;
        priority = priority == null ? Priority.UNCHANGED : priority;
    }

    /**
     * The hooks around {@code source}, one of {@link #sources()}: looked up by identity, as a source record's own
     * {@code hashCode} would first build its method handles, about 0.1 CPU-s at every start.
     */
    public Hooks hooksOf(Source source) {
        return sourceHooks.getOrDefault(source, Hooks.NONE);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a request; defaults: engine {@code auto} without delta, no global filters, today, no retention. */
    public static final class Builder {
        private Path store;
        private final List<Source> sources = new ArrayList<>();
        private FilterRules globalFilters = FilterRules.NONE;
        private String engine = "auto";
        private long deltaMinSize;
        private boolean checksum;
        private SnapshotName date;
        private RetentionPolicy retention;
        private String host = "localhost";
        private Hooks hooks = Hooks.NONE;
        private FreeSpaceFloor freeSpaceFloor = FreeSpaceFloor.DEFAULT;
        private Priority priority = Priority.UNCHANGED;
        private final Map<Source, Hooks> sourceHooks = new IdentityHashMap<>();
        private boolean acceptStoreWithoutHardLinks;

        public Builder store(Path value) {
            store = value;
            return this;
        }

        public Builder source(Source value) {
            sources.add(value);
            return this;
        }

        /** A source with hooks around it; the same source twice with different hooks is bad input. */
        public Builder source(Source value, Hooks around) {
            for (Map.Entry<Source, Hooks> earlier : sourceHooks.entrySet()) {
                if (earlier.getKey().name().equals(value.name()) && earlier.getKey().equals(value)
                        && !earlier.getValue().equals(around)) {
                    throw ConfigException.ofSetting("hooks", ": " + value.kind() + " " + value.name()
                            + " is given twice with different hooks");
                }
            }
            sourceHooks.put(value, around);
            return source(value);
        }

        /** The hooks around the whole run. */
        public Builder hooks(Hooks value) {
            hooks = value;
            return this;
        }

        public Builder priority(Priority value) {
            priority = value;
            return this;
        }

        public Builder freeSpaceFloor(FreeSpaceFloor value) {
            freeSpaceFloor = value;
            return this;
        }

        public Builder globalFilters(FilterRules value) {
            globalFilters = value;
            return this;
        }

        public Builder engine(String value) {
            engine = value;
            return this;
        }

        public Builder deltaMinSize(long value) {
            deltaMinSize = value;
            return this;
        }

        public Builder checksum(boolean value) {
            checksum = value;
            return this;
        }

        public Builder date(SnapshotName value) {
            date = value;
            return this;
        }

        public Builder retention(RetentionPolicy value) {
            retention = value;
            return this;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder acceptStoreWithoutHardLinks(boolean value) {
            acceptStoreWithoutHardLinks = value;
            return this;
        }

        public SnapshotRequest build() {
            return new SnapshotRequest(store, sources, globalFilters, engine, deltaMinSize, checksum,
                    Optional.ofNullable(date), Optional.ofNullable(retention), host, hooks, sourceHooks,
                    freeSpaceFloor, priority, acceptStoreWithoutHardLinks);
        }
    }
}
