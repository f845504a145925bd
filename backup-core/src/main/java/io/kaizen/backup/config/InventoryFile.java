package io.kaizen.backup.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A static inventory file:
 * <pre>
 * user: kaizen-backup        # defaults for every node below (optional)
 * port: 22
 * store: /backups
 * nodes:
 *   - {name: compute-1, host: 10.0.0.11}
 *   - {name: db-1, host: 10.0.0.20, port: 2222}
 * inventory: {directory: /etc/kaizen/nodes.d}   # optional: also every *.yaml there (one node per file)
 * </pre>
 */
record InventoryFile(String user, Integer port, String store, List<NodeEntry> nodes, DirectoryRef inventory) {
    public InventoryFile {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        if (store != null && !Path.of(store).isAbsolute()) {
            throw new IllegalArgumentException("store: must be an absolute path, got '" + store + "'");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("port: must be 1-65535, got " + port);
        }
    }

    /** {@code inventory: {directory: PATH}}. */
    public record DirectoryRef(String directory) {
        public DirectoryRef {
            if (directory == null) {
                throw new IllegalArgumentException("inventory: needs 'directory:'");
            }
        }
    }
}
