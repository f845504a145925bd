package io.kaizen.backup.inventory;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.remote.SshTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One node of the inventory: its name (the directory of its copies on the collector), how to reach it, and its
 * store path (where {@code kaizen serve} serves from; informational for the agent, used by rsync requests).
 * Its host key is always pinned under its name ({@link SshTarget#nodeAlias}), never under the address it is
 * reached at: an address says nothing about which node answers there.
 */
public record Node(String name, SshTarget target, Path store) {
    public static final String DEFAULT_USER = "kaizen-backup";
    public static final int DEFAULT_PORT = SshTarget.DEFAULT_PORT;
    public static final Path DEFAULT_STORE = Path.of("/backups");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public Node {
        requireName(name);
        if (target == null) {
            throw new ConfigException("node " + name + ": no host");
        }
        target = target.pinnedAs(SshTarget.nodeAlias(name));
        if (store == null || !store.isAbsolute()) {
            throw new ConfigException("node " + name + ": store must be an absolute path, got '" + store + "'");
        }
        store = store.normalize();
    }

    /**
     * The target to connect to this node with, as one of {@code inventory}: a key pinned under its address (by an
     * earlier release) is accepted only when no other node of the inventory has that address, as an address pin
     * cannot tell two nodes at one address apart.
     */
    public SshTarget targetAmong(List<Node> inventory) {
        String address = target.addressAlias();
        boolean shared = inventory.stream().anyMatch(other -> !other.name().equals(name)
                && other.target().addressAlias().equals(address));
        return shared ? target.withoutAddressPin() : target;
    }

    /** Fails unless {@code name} is a safe node name. */
    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.endsWith(".partial")) {
            throw new ConfigException("not a valid node name: '" + name
                    + "' (letters, digits, '.', '_', '-'; starts with a letter or digit; at most 64)");
        }
        return name;
    }
}
