package io.kaizen.backup.inventory;

import java.util.List;

/** The nodes to collect from. */
public interface Inventory {
    /** The nodes, in a stable order, names unique. */
    List<Node> nodes();

    /** Where the list came from, for messages (e.g. {@code /etc/kaizen/nodes.yaml}). */
    String describe();
}
