package io.kaizen.backup.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A directory held open, so the entries in it are opened, created and renamed relative to its descriptor
 * ({@code openat}, {@code renameat}): the kernel looks up one name, not every component of a long path again.
 * {@link #workingDirectory()} stands for every directory at once ({@code AT_FDCWD}): names given to it are whole
 * paths, for when no descriptor is held. Calls of the C library through JNA; names are bytes, never followed when
 * they are symlinks.
 */
public final class OpenDirectory implements Closeable {
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_NOCTTY = 0400;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    private static final int O_DIRECTORY = Platform.isARM() ? 040000 : 0200000;
    private static final int O_NOFOLLOW = Platform.isARM() ? 0100000 : 0400000;
    private static final long UTIME_OMIT = (1L << 30) - 2;
    private static final OpenDirectory WORKING_DIRECTORY = new OpenDirectory(AT_FDCWD, Path.of("."));

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private final int fd;
    private final Path path;

    private OpenDirectory(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    private static native int open(byte[] path, int flags) throws LastErrorException;

    private static native int openat(int dirfd, byte[] path, int flags, int mode) throws LastErrorException;

    private static native int renameat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath)
            throws LastErrorException;

    private static native int unlinkat(int dirfd, byte[] path, int flags) throws LastErrorException;

    private static native int utimensat(int dirfd, byte[] path, long[] times, int flags) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    /** Opens the directory {@code dir} (not following a symlink). */
    public static OpenDirectory open(Path dir) throws FileSystemException {
        try {
            return new OpenDirectory(open(cString(NativeNames.bytes(dir)), O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), dir);
        } catch (LastErrorException e) {
            throw SystemCallFailure.of(dir.toString(), "open", e);
        }
    }

    /** Every directory at once: names given to it are whole paths; closing it does nothing. */
    public static OpenDirectory workingDirectory() {
        return WORKING_DIRECTORY;
    }

    /**
     * Opens the entry {@code name} for reading, never following a symlink (a symlink fails) and never blocking (a
     * FIFO opens at once); its caller checks what it opened ({@link OpenFile#regularFileSize()}).
     */
    public OpenFile openForReading(byte[] name) throws FileSystemException {
        return openFile(name, O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0, "open");
    }

    /** Creates the entry {@code name} as a new file, open for writing, with {@code mode} (less the umask). */
    public OpenFile create(byte[] name, int mode) throws FileSystemException {
        return openFile(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode, "create");
    }

    private OpenFile openFile(byte[] name, int flags, int mode, String call) throws FileSystemException {
        try {
            return new OpenFile(openat(fd, cString(name), flags, mode), this, name);
        } catch (LastErrorException e) {
            throw SystemCallFailure.of(display(name), call, e);
        }
    }

    /** Renames the entry {@code from} to {@code to} in this directory, replacing what {@code to} named. */
    public void rename(byte[] from, byte[] to) throws FileSystemException {
        try {
            renameat(fd, cString(from), fd, cString(to));
        } catch (LastErrorException e) {
            throw SystemCallFailure.of(display(from), "rename to " + NativeNames.display(to), e);
        }
    }

    /** Removes the entry {@code name} (not a directory) if it is there. */
    public void deleteIfExists(byte[] name) throws FileSystemException {
        try {
            unlinkat(fd, cString(name), 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != SystemCallFailure.ENOENT) {
                throw SystemCallFailure.of(display(name), "unlink", e);
            }
        }
    }

    /** Sets the mtime of the entry {@code name} to the nanosecond, leaving its atime, without following a symlink. */
    public void setMtime(byte[] name, long mtimeNanos) throws FileSystemException {
        long[] times = {0, UTIME_OMIT, Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L)};
        try {
            utimensat(fd, cString(name), times, AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw SystemCallFailure.of(display(name), "utimensat", e);
        }
    }

    /** The name to give this directory's methods for {@code entry}, an entry of this directory. */
    public byte[] nameOf(Path entry) {
        return NativeNames.bytes(fd == AT_FDCWD ? entry : entry.getFileName());
    }

    /** The path of the entry {@code name}, for messages and the calls that take whole paths. */
    public Path resolve(byte[] name) {
        return NativeNames.resolve(path, name);
    }

    @Override
    public void close() throws IOException {
        if (fd == AT_FDCWD) {
            return;
        }
        try {
            close(fd);
        } catch (LastErrorException e) {
            throw SystemCallFailure.of(path.toString(), "close", e);
        }
    }

    private String display(byte[] name) {
        return resolve(name).toString();
    }

    static byte[] cString(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length + 1);
    }
}
