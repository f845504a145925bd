package io.kaizen.backup.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Arrays;
import java.util.Optional;

/**
 * A directory held open, whose entries are reached by name relative to its descriptor ({@code fstatat},
 * {@code linkat}, {@code listxattrat}, {@code openat}, {@code renameat}), so the kernel looks up one name, not every
 * component of a long path again. The descriptor is the one the JDK's {@link SecureDirectoryStream} holds: valid
 * until {@link #close()}, which the owner calls once nothing uses the directory any more.
 * {@link #workingDirectory()} stands for every directory at once ({@code AT_FDCWD}): names given to it are whole
 * paths, for when no directory is held open. Calls of the C library go through JNA; names are bytes, never followed
 * when they are symlinks.
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
    private static final int O_NOFOLLOW = Platform.isARM() ? 0100000 : 0400000;
    private static final long UTIME_OMIT = (1L << 30) - 2;
    private static final MethodHandle DESCRIPTOR;
    private static final OpenDirectory WORKING_DIRECTORY = new OpenDirectory(Path.of("."), null, AT_FDCWD);

    static {
        Native.register(Platform.C_LIBRARY_NAME);
        try {
            Class<?> stream = Class.forName("sun.nio.fs.UnixSecureDirectoryStream");
            DESCRIPTOR = MethodHandles.privateLookupIn(stream, MethodHandles.lookup())
                    .findGetter(stream, "dfd", int.class);
        } catch (ReflectiveOperationException | IllegalAccessError e) {
            throw new ExceptionInInitializerError("open directories need raw access: run the JVM with "
                    + "--add-opens java.base/sun.nio.fs=ALL-UNNAMED (" + e + ")");
        }
    }

    private final Path path;
    private final SecureDirectoryStream<Path> stream;
    private final int descriptor;

    private OpenDirectory(Path path, SecureDirectoryStream<Path> stream, int descriptor) {
        this.path = path;
        this.stream = stream;
        this.descriptor = descriptor;
    }

    private static native int linkat(int oldDirectory, byte[] oldName, int newDirectory, byte[] newName, int flags)
            throws LastErrorException;

    private static native int openat(int dirfd, byte[] path, int flags, int mode) throws LastErrorException;

    private static native int renameat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath)
            throws LastErrorException;

    private static native int unlinkat(int dirfd, byte[] path, int flags) throws LastErrorException;

    private static native int utimensat(int dirfd, byte[] path, long[] times, int flags) throws LastErrorException;

    /** The directory {@code path} open; empty if its file system cannot hold it open (not the default one). */
    public static Optional<OpenDirectory> open(Path path) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(path);
        if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
            stream.close();
            return Optional.empty();
        }
        try {
            return Optional.of(new OpenDirectory(path, secure, (int) DESCRIPTOR.invoke(secure)));
        } catch (Throwable e) {
            stream.close();
            throw new IllegalStateException("cannot read the descriptor of an open directory", e);
        }
    }

    /** Every directory at once: names given to it are whole paths; closing it does nothing. */
    public static OpenDirectory workingDirectory() {
        return WORKING_DIRECTORY;
    }

    public Path path() {
        return path;
    }

    int descriptor() {
        return descriptor;
    }

    /** {@code fstatat} of the entry {@code name} (not followed if a symlink). */
    public FileStat stat(Path name) throws IOException {
        if (stream == null) {
            return FileStat.of(name);
        }
        return FileStat.of(stream.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes());
    }

    /**
     * {@code linkat}: a new name {@code newName} in {@code into} for this directory's entry {@code name} (a symlink
     * itself, not what it points to), with the JDK's exceptions ({@code EEXIST}, {@code ENOENT}, {@code EACCES});
     * any other refusal ({@code EMLINK}, {@code EPERM}) is a {@link FileSystemException} whose reason says why.
     */
    public void link(Path name, OpenDirectory into, Path newName) throws IOException {
        try {
            linkat(descriptor, cString(NativeNames.bytes(name)), into.descriptor, cString(NativeNames.bytes(newName)),
                    0);
        } catch (LastErrorException e) {
            throw NativeErrors.of(into.path.resolve(newName).toString(), "linkat", e);
        }
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
            return new OpenFile(openat(descriptor, cString(name), flags, mode), this, name);
        } catch (LastErrorException e) {
            throw NativeErrors.of(display(name), call, e);
        }
    }

    /** Renames the entry {@code from} to {@code to} in this directory, replacing what {@code to} named. */
    public void rename(byte[] from, byte[] to) throws FileSystemException {
        try {
            renameat(descriptor, cString(from), descriptor, cString(to));
        } catch (LastErrorException e) {
            throw NativeErrors.of(display(from), "rename to " + NativeNames.display(to), e);
        }
    }

    /** Removes the entry {@code name} (not a directory) if it is there. */
    public void deleteIfExists(byte[] name) throws FileSystemException {
        try {
            unlinkat(descriptor, cString(name), 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != NativeErrors.ENOENT) {
                throw NativeErrors.of(display(name), "unlink", e);
            }
        }
    }

    /** Sets the mtime of the entry {@code name} to the nanosecond, leaving its atime, without following a symlink. */
    public void setMtime(byte[] name, long mtimeNanos) throws FileSystemException {
        long[] times = {0, UTIME_OMIT, Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L)};
        try {
            utimensat(descriptor, cString(name), times, AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw NativeErrors.of(display(name), "utimensat", e);
        }
    }

    /** The name to give this directory's methods for {@code entry}, an entry of this directory. */
    public byte[] nameOf(Path entry) {
        return NativeNames.bytes(descriptor == AT_FDCWD ? entry : entry.getFileName());
    }

    /** The path of the entry {@code name}, for messages and the calls that take whole paths. */
    public Path resolve(byte[] name) {
        return NativeNames.resolve(path, name);
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            stream.close();
        }
    }

    private String display(byte[] name) {
        return resolve(name).toString();
    }

    static byte[] cString(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length + 1);
    }
}
