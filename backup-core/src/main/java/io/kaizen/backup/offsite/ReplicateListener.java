package io.kaizen.backup.offsite;

/** Progress of a replicate. Called on the replicating thread; implementations are fast and never throw. */
public interface ReplicateListener {
    ReplicateListener NONE = new ReplicateListener() { };

    /** A snapshot starts being sent. */
    default void sending(String node, String date) {
    }

    /** A snapshot's root was written and read back. */
    default void confirmed(String node, String date, long bytesWritten) {
    }
}
