package io.kaizen.backup.api;

import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.snapshot.SnapshotRequest;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.source.Source;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.transfer.FilterRules;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What to snapshot: the store, at least one source, and how. Defaults (those of {@link SnapshotRequest}): engine
 * {@code auto} without delta, no content check of unchanged files, dated today by the facade's clock, no
 * retention (everything is kept).
 */
public final class SnapshotSpec {
    private final SnapshotRequest request;

    private SnapshotSpec(SnapshotRequest request) {
        this.request = request;
    }

    /** A builder for a snapshot into {@code store} (created if missing). */
    public static Builder builder(Path store) {
        return new Builder(Objects.requireNonNull(store, "store"));
    }

    /** The store the snapshot goes into. */
    public Path store() {
        return request.store();
    }

    SnapshotRequest request(String host) {
        SnapshotRequest r = request;
        return new SnapshotRequest(r.store(), r.sources(), r.globalFilters(), r.engine(), r.deltaMinSize(),
                r.checksum(), r.date(), r.retention(), host, r.hooks(), r.sourceHooks(), r.freeSpaceFloor(),
                r.priority(), r.acceptStoreWithoutHardLinks());
    }

    /** Collects the parts of a {@link SnapshotSpec}. */
    public static final class Builder {
        private final SnapshotRequest.Builder request = SnapshotRequest.builder();

        private Builder(Path store) {
            request.store(store);
        }

        /**
         * Adds a directory (or file) to back up, mirrored under its absolute path, skipping what the rsync-style
         * exclude patterns match ({@code *.tmp}, {@code /cache/}, ...).
         */
        public Builder path(Path path, String... excludes) {
            request.source(new PathSource(path.toAbsolutePath(), FilterRules.parse(List.of(excludes))));
            return this;
        }

        /** Adds any other source: a dump command, a database, ... */
        public Builder source(Source source) {
            request.source(Objects.requireNonNull(source, "source"));
            return this;
        }

        /** The engine by name: {@code auto}, {@code java} or {@code rsync}. */
        public Builder engine(String name) {
            request.engine(Objects.requireNonNull(name, "engine"));
            return this;
        }

        /** The Java engine rebuilds changed files of at least this many bytes by delta (0: never). */
        public Builder deltaMinSize(long bytes) {
            request.deltaMinSize(bytes);
            return this;
        }

        /** Unchanged files must also have the same content, not only the same size and mtime. */
        public Builder checksum(boolean value) {
            request.checksum(value);
            return this;
        }

        /**
         * Accepts a store whose file system cannot hard-link (FAT, exFAT, some network file systems): every run then
         * copies every file and warns. Without it such a store is refused.
         */
        public Builder acceptStoreWithoutHardLinks(boolean value) {
            request.acceptStoreWithoutHardLinks(value);
            return this;
        }

        /** Names the snapshot after this date instead of today. */
        public Builder date(LocalDate date) {
            request.date(new SnapshotName(Objects.requireNonNull(date, "date")));
            return this;
        }

        /** Applies this retention to the store after a run that did not fail. */
        public Builder retention(RetentionPolicy policy) {
            request.retention(Objects.requireNonNull(policy, "retention"));
            return this;
        }

        /** The request; no source, or a bad value, is a {@link io.kaizen.backup.ConfigException}. */
        public SnapshotSpec build() {
            return new SnapshotSpec(request.build());
        }
    }
}
