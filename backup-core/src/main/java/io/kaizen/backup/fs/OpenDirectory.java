package io.kaizen.backup.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Arrays;
import java.util.Optional;

/**
 * A directory held open, whose entries are reached by name relative to its descriptor ({@code fstatat},
 * {@code linkat}, {@code listxattrat}), so the kernel does not resolve the directory's path again for each entry.
 * The descriptor is the one the JDK's {@link SecureDirectoryStream} holds: valid until {@link #close()}, which the
 * owner calls once nothing uses the directory any more.
 */
public final class OpenDirectory implements Closeable {
    private static final MethodHandle DESCRIPTOR;

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

    public Path path() {
        return path;
    }

    int descriptor() {
        return descriptor;
    }

    /** {@code fstatat} of the entry {@code name} (one name, not followed if a symlink). */
    public FileStat stat(Path name) throws IOException {
        return FileStat.of(stream.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes());
    }

    /**
     * {@code linkat}: a new name {@code newName} in {@code into} for this directory's entry {@code name} (a symlink
     * itself, not what it points to), with the JDK's exceptions ({@code EEXIST}, {@code ENOENT}, {@code EACCES});
     * any other refusal ({@code EMLINK}, {@code EPERM}) is a {@link java.nio.file.FileSystemException} whose reason
     * says why.
     */
    public void link(Path name, OpenDirectory into, Path newName) throws IOException {
        try {
            linkat(descriptor, cString(name), into.descriptor, cString(newName), 0);
        } catch (LastErrorException e) {
            throw NativeErrors.of(into.path.resolve(newName), "linkat", e);
        }
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }

    static byte[] cString(Path name) {
        byte[] bytes = NativeNames.bytes(name);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }
}
