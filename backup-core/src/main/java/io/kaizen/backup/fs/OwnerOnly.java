package io.kaizen.backup.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The one way to give the backup's own files and directories modes only their owner can use, whatever the umask:
 * directories 0700, files 0600, set explicitly after creation (a creation mode is filtered by the umask; an
 * explicit {@code chmod} is not) and re-applied to ones that already exist. Used for store roots, partial
 * snapshots, {@code .kaizen} metadata and dumps (docs/FORMAT.md, "Modes"). A symlink is never followed: one where
 * a directory or file is expected is an error.
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** Creates {@code dir} if missing (its parents with default modes), then sets it to 0700. */
    public static Path directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not a directory");
                }
            }
        }
        Files.setPosixFilePermissions(dir, DIRECTORY);
        return dir;
    }

    /** Creates {@code file} empty if missing (an existing one keeps its content), then sets it to 0600. */
    public static Path file(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } else if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(file.toString(), null, "exists and is not a regular file");
        }
        Files.setPosixFilePermissions(file, FILE);
        return file;
    }

    /** Sets {@code dir} to 0700 and every regular file directly in it to 0600 (subdirectories are left alone). */
    public static void seal(Path dir) throws IOException {
        directory(dir);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(entry, FILE);
                }
            }
        }
    }
}
