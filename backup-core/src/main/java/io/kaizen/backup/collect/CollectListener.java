package io.kaizen.backup.collect;

import io.kaizen.backup.inventory.Node;
import java.time.Instant;
import java.util.List;

/**
 * What a collection run tells while it runs. Called from the worker threads, one node per thread at a time:
 * implementations must be thread-safe, fast, and must not throw. Every method has a no-op default.
 */
public interface CollectListener {
    CollectListener NONE = new CollectListener() {
    };

    default void nodeStarted(Node node) {
    }

    /** {@code nodes} failed or have no snapshot from today yet: they are tried again at {@code at}. */
    default void retrying(List<Node> nodes, Instant at) {
    }

    /** Pulling snapshot {@code snapshot} of {@code node}; {@code previous} is the local copy it links against. */
    default void pulling(Node node, String snapshot, String previous) {
    }

    default void warning(Node node, String message) {
    }

    default void nodeFinished(NodeResult result) {
    }
}
