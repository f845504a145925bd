package io.kaizen.backup.restore;

import io.kaizen.backup.ConfigException;
import java.nio.file.Path;

/**
 * Restore {@code path} (absolute, as on the node) from {@code snapshot} ({@code latest} or a date) of the store
 * into {@code target}, where it lands under its absolute name ({@code /etc/nova} to {@code TARGET/etc/nova}).
 * Files newer in the target than in the snapshot are kept unless {@code force}.
 */
public record RestoreRequest(Path store, String snapshot, Path path, Path target, boolean dryRun, boolean force) {
    public RestoreRequest {
        if (!path.isAbsolute()) {
            throw ConfigException.ofSetting("path", " must be absolute, as on the node (e.g. /etc/nova): " + path);
        }
        for (Path part : path) {
            if (part.toString().equals("..")) {
                throw ConfigException.ofSetting("path", " must not contain '..': " + path);
            }
        }
        path = path.normalize();
        target = target.toAbsolutePath().normalize();
        store = store.toAbsolutePath().normalize();
    }
}
