package io.kaizen.backup.fs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.io.output.CloseShieldOutputStream;

/**
 * Replaces a file so that a reader, or the file system after a crash, sees either the old content or the new,
 * never a mix: the content goes to a temporary file beside the target, which is fsynced, renamed over the
 * target, and the directory is fsynced so the rename itself is durable. A failure leaves no temporary file.
 */
public final class AtomicFile {
    private static final int BUFFER = 1 << 16;

    private AtomicFile() {
    }

    /** Writes the content of a file; closing the stream it is given is allowed and does nothing. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Looks at (or completes) the written temporary file before it replaces the target; throws to refuse it. */
    @FunctionalInterface
    public interface BeforeRename {
        void accept(Path temp) throws IOException;
    }

    /**
     * Replaces {@code target} with {@code content}.
     *
     * @param mode the new file's permissions; null keeps the target's, or for a new file what the umask gives
     */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        write(target, mode, out -> out.write(content), temp -> { });
    }

    /** Replaces {@code target} with what {@code body} writes (buffered); {@code mode} as above. */
    public static void write(Path target, Set<PosixFilePermission> mode, Body body) throws IOException {
        write(target, mode, body, temp -> { });
    }

    /**
     * Replaces {@code target} with what {@code body} writes; {@code beforeRename} runs on the complete, fsynced
     * temporary file (to set owners or validate it) just before the rename.
     */
    public static void write(Path target, Set<PosixFilePermission> mode, Body body, BeforeRename beforeRename)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Set<PosixFilePermission> permissions = mode != null ? mode : existingMode(target);
        Path temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
                body.writeTo(CloseShieldOutputStream.wrap(out));
                out.flush();
                channel.force(true);
            }
            if (permissions != null) {
                Files.setPosixFilePermissions(temp, permissions);
            }
            beforeRename.accept(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
    }

    /** Makes the entries of {@code dir} (a rename, a new name) durable. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static Set<PosixFilePermission> existingMode(Path target) throws IOException {
        try {
            return Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
