package io.kaizen.backup.api;

import io.kaizen.backup.restore.RestoreRequest;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What to restore: a path (absolute, as on the node) from a snapshot of a store into a target directory, where it
 * lands under its absolute name. Defaults: the newest snapshot ({@value Backups#LATEST}), not a dry run, files newer in
 * the target than in the snapshot kept.
 */
public final class RestoreSpec {
    private final RestoreRequest request;

    private RestoreSpec(RestoreRequest request) {
        this.request = request;
    }

    /** A builder for restoring {@code path} of a snapshot in {@code store} into {@code target}. */
    public static Builder builder(Path store, Path path, Path target) {
        return new Builder(Objects.requireNonNull(store, "store"), Objects.requireNonNull(path, "path"),
                Objects.requireNonNull(target, "target"));
    }

    RestoreRequest request() {
        return request;
    }

    /** Collects the parts of a {@link RestoreSpec}. */
    public static final class Builder {
        private final Path store;
        private final Path path;
        private final Path target;
        private String snapshot = Backups.LATEST;
        private boolean dryRun;
        private boolean force;

        private Builder(Path store, Path path, Path target) {
            this.store = store;
            this.path = path;
            this.target = target;
        }

        /** The snapshot to restore from: {@value Backups#LATEST} or a date ({@code YYYY-MM-DD}). */
        public Builder snapshot(String selector) {
            snapshot = Objects.requireNonNull(selector, "snapshot");
            return this;
        }

        /** List what would change; change nothing. */
        public Builder dryRun(boolean value) {
            dryRun = value;
            return this;
        }

        /** Also overwrite files that are newer in the target than in the snapshot. */
        public Builder force(boolean value) {
            force = value;
            return this;
        }

        /** The request; a relative path or one with {@code ..} is a {@link io.kaizen.backup.ConfigException}. */
        public RestoreSpec build() {
            return new RestoreSpec(new RestoreRequest(store, snapshot, path, target, dryRun, force));
        }
    }
}
