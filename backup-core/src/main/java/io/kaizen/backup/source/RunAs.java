package io.kaizen.backup.source;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.fs.ProcessIdentity;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a client as another operating-system user (PostgreSQL's peer authentication: the {@code postgres} user
 * needs no password). Root switches with {@code runuser}; any other user can only run as itself.
 */
final class RunAs {
    private RunAs() {
    }

    static String currentUser() {
        return System.getProperty("user.name");
    }

    /** {@code argv} as run by {@code osUser} (null: this process's user). */
    static List<String> wrap(String osUser, List<String> argv) {
        if (osUser == null || osUser.equals(currentUser())) {
            return argv;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", osUser, "--"));
        wrapped.addAll(argv);
        return wrapped;
    }

    /** Fails when this process cannot switch to {@code osUser}. */
    static void checkPossible(String kind, String name, String osUser) {
        if (osUser != null && !osUser.equals(currentUser()) && !ProcessIdentity.isRoot()) {
            throw new ConfigException(kind + " " + name + ": os-user " + osUser + " needs kaizen to run as root or as "
                    + osUser + " (it runs as " + currentUser() + ")");
        }
    }
}
