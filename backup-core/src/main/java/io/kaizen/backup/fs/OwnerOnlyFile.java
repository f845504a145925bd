package io.kaizen.backup.fs;

import io.kaizen.backup.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** The check made before a secret (a key, a credentials file) is read: a regular file only its owner may read. */
public final class OwnerOnlyFile {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnlyFile() {
    }

    /**
     * Refuses a missing file, a non-regular one (a symbolic link is followed) and one whose mode grants anything
     * to group or others.
     *
     * @param what the file's role in messages, e.g. {@code credentials file}
     * @throws ConfigException naming {@code what}, the path and, for a mode, the fix
     */
    public static void check(Path file, String what) {
        if (!Files.exists(file)) {
            throw new ConfigException(what + " " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(what + " " + file + " is not a regular file");
        }
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
        if (mode.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new ConfigException(what + " " + file + " is " + PosixFilePermissions.toString(mode)
                    + ": it must be readable by its owner only (chmod 600 " + file + ")");
        }
    }
}
