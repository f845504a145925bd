package io.kaizen.backup.api;

import io.kaizen.backup.retention.RetentionPolicy;
import java.nio.file.Path;
import java.util.Objects;

/** What to prune: a store and the retention policy to apply to it; a dry run changes nothing. */
public final class PruneSpec {
    private final Path store;
    private final RetentionPolicy policy;
    private final boolean dryRun;

    private PruneSpec(Builder builder) {
        this.store = builder.store;
        this.policy = builder.policy;
        this.dryRun = builder.dryRun;
    }

    /** A builder for pruning {@code store} by {@code policy}; defaults: not a dry run. */
    public static Builder builder(Path store, RetentionPolicy policy) {
        return new Builder(Objects.requireNonNull(store, "store"), Objects.requireNonNull(policy, "policy"));
    }

    public Path store() {
        return store;
    }

    public RetentionPolicy policy() {
        return policy;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** Collects the parts of a {@link PruneSpec}. */
    public static final class Builder {
        private final Path store;
        private final RetentionPolicy policy;
        private boolean dryRun;

        private Builder(Path store, RetentionPolicy policy) {
            this.store = store;
            this.policy = policy;
        }

        /** Plan only: say what would be deleted and delete nothing. */
        public Builder dryRun(boolean value) {
            dryRun = value;
            return this;
        }

        public PruneSpec build() {
            return new PruneSpec(this);
        }
    }
}
