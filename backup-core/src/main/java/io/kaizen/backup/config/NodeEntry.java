package io.kaizen.backup.config;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.remote.SshTarget;
import java.nio.file.Path;

/**
 * One node in an inventory file, or the whole of a file in {@code nodes.d/}:
 * {@code {name: compute-1, host: 10.0.0.11, port: 22, user: kaizen-backup, store: /backups}}; keys not given
 * come from the inventory's defaults, then the built-in ones (port 22, user kaizen-backup, store /backups).
 */
record NodeEntry(String name, String host, Integer port, String user, String store) {
    public NodeEntry {
        try {
            if (name != null) {
                Node.requireName(name);
            }
            if (host == null) {
                throw new IllegalArgumentException("a node needs 'host:'");
            }
            new SshTarget(host, port == null ? Node.DEFAULT_PORT : port, user == null ? Node.DEFAULT_USER : user);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (store != null && !Path.of(store).isAbsolute()) {
            throw new IllegalArgumentException("store: must be an absolute path, got '" + store + "'");
        }
    }

    Node toNode(String defaultName, Defaults defaults) {
        String nodeName = name != null ? name : defaultName;
        return new Node(nodeName, new SshTarget(host, port != null ? port : defaults.port(),
                user != null ? user : defaults.user()), Path.of(store != null ? store : defaults.store()));
    }

    /** Values for keys a node does not set. */
    record Defaults(String user, int port, String store) {
        static final Defaults BUILT_IN = new Defaults(Node.DEFAULT_USER, Node.DEFAULT_PORT, Node.DEFAULT_STORE.toString());

        Defaults over(String user, Integer port, String store) {
            return new Defaults(user != null ? user : this.user, port != null ? port : this.port,
                    store != null ? store : this.store);
        }
    }
}
