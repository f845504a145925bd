package io.kaizen.backup.api;

import io.kaizen.backup.store.SnapshotName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What to verify: snapshots of a store named by date, or all of them. Default: the newest. */
public final class VerifySpec {
    private final Path store;
    private final List<SnapshotName> snapshots;
    private final boolean all;

    private VerifySpec(Builder builder) {
        this.store = builder.store;
        this.snapshots = List.copyOf(builder.snapshots);
        this.all = builder.all;
    }

    /** A builder for verifying snapshots of {@code store}. */
    public static Builder builder(Path store) {
        return new Builder(Objects.requireNonNull(store, "store"));
    }

    public Path store() {
        return store;
    }

    /** The snapshots named; none: the newest. Ignored when {@link #all()}. */
    public List<SnapshotName> snapshots() {
        return snapshots;
    }

    public boolean all() {
        return all;
    }

    /** Collects the parts of a {@link VerifySpec}. */
    public static final class Builder {
        private final Path store;
        private final List<SnapshotName> snapshots = new ArrayList<>();
        private boolean all;

        private Builder(Path store) {
            this.store = store;
        }

        /** Adds a snapshot to verify, by its date ({@code YYYY-MM-DD}). */
        public Builder snapshot(String date) {
            snapshots.add(SnapshotName.parse(Objects.requireNonNull(date, "snapshot")));
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
