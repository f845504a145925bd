package io.kaizen.backup.inventory;

import io.kaizen.backup.ConfigException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A fixed list of nodes (read from a YAML file or a directory of them). */
public record StaticInventory(List<Node> nodes, String describe) implements Inventory {
    public StaticInventory {
        nodes = List.copyOf(nodes);
        Set<String> names = new HashSet<>();
        for (Node node : nodes) {
            if (!names.add(node.name())) {
                throw new ConfigException(describe + ": node name '" + node.name() + "' appears twice");
            }
        }
    }
}
