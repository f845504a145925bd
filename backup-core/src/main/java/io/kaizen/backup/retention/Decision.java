package io.kaizen.backup.retention;

import io.kaizen.backup.store.SnapshotName;

/**
 * What retention does with one snapshot, and why.
 *
 * @param name   the snapshot
 * @param action keep or delete it
 * @param reason never blank, e.g. {@code daily 2026-11-24, weekly 2026-W48} or {@code older than keep-days 8}
 */
public record Decision(SnapshotName name, Action action, String reason) {

    /** Keep or delete. */
    public enum Action { KEEP, DELETE }

    public Decision {
        if (name == null || action == null) {
            throw new IllegalArgumentException("name and action are required");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a decision needs a reason: " + name);
        }
    }

    /** A KEEP decision. */
    public static Decision keep(SnapshotName name, String reason) {
        return new Decision(name, Action.KEEP, reason);
    }

    /** A DELETE decision. */
    public static Decision delete(SnapshotName name, String reason) {
        return new Decision(name, Action.DELETE, reason);
    }

    /** Whether the snapshot is kept. */
    public boolean isKeep() {
        return action == Action.KEEP;
    }
}
