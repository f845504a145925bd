package io.kaizen.backup.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to verify: snapshots of a store, each named {@code latest} or by date, or all of them. Default: the
 * newest ({@value Backups#LATEST}).
 */
public final class VerifySpec {
    private final Path store;
    private final List<String> snapshots;
    private final boolean all;

    private VerifySpec(Builder builder) {
        this.store = builder.store;
        this.snapshots = builder.snapshots.isEmpty() ? List.of(Backups.LATEST) : List.copyOf(builder.snapshots);
        this.all = builder.all;
    }

    /** A builder for verifying snapshots of {@code store}. */
    public static Builder builder(Path store) {
        return new Builder(Objects.requireNonNull(store, "store"));
    }

    public Path store() {
        return store;
    }

    /** The snapshots named ({@code latest} or dates); ignored when {@link #all()}. */
    public List<String> snapshots() {
        return snapshots;
    }

    public boolean all() {
        return all;
    }

    /** Collects the parts of a {@link VerifySpec}. */
    public static final class Builder {
        private final Path store;
        private final List<String> snapshots = new ArrayList<>();
        private boolean all;

        private Builder(Path store) {
            this.store = store;
        }

        /** Adds a snapshot to verify: {@code latest} or a date ({@code YYYY-MM-DD}). */
        public Builder snapshot(String selector) {
            snapshots.add(Objects.requireNonNull(selector, "snapshot"));
            return this;
        }

        /** Verifies every complete snapshot of the store. */
        public Builder all() {
            all = true;
            return this;
        }

        public VerifySpec build() {
            if (all && !snapshots.isEmpty()) {
                throw new IllegalStateException("verify either all snapshots or the ones named, not both");
            }
            return new VerifySpec(this);
        }
    }
}
