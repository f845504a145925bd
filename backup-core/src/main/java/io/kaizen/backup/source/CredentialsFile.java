package io.kaizen.backup.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The check of a file holding a password (a my.cnf, a PostgreSQL passfile): only its owner may read or write it.
 * A file open to its group or to others is a warning naming it (the run still dumps: refusing would lose the
 * backup, and libpq or the MariaDB client may accept the file anyway).
 */
final class CredentialsFile {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private CredentialsFile() {
    }

    /** A warning if {@code file} (followed if a symlink) is open to group or others; {@code what} names it. */
    static Optional<String> exposure(String what, Path file) {
        if (file == null) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            return mode.stream().noneMatch(GROUP_OR_OTHERS::contains) ? Optional.empty()
                    : Optional.of(what + " " + file + " holds credentials and is open to group or others ("
                            + PosixFilePermissions.toString(mode) + "): chmod 600 " + file);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
