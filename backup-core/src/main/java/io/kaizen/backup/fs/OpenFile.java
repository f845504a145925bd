package io.kaizen.backup.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.channels.WritableByteChannel;

/**
 * A file open by its descriptor ({@link OpenDirectory}): read and written through direct buffers, its owner,
 * mode and times set on the descriptor ({@code fchown}, {@code fchmod}, {@code futimens}), so none of them looks
 * up a path. Calls of the C library through JNA.
 */
public final class OpenFile implements WritableByteChannel {
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_TYPE = 0x1;
    private static final int STATX_SIZE = 0x200;
    private static final int STATX_BUFFER = 256;
    private static final int STX_MODE = 28;
    private static final int STX_SIZE = 40;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final long UTIME_NOW = (1L << 30) - 1;
    private static final byte[] EMPTY = {0};
    private static final ThreadLocal<ByteBuffer> STATX = ThreadLocal.withInitial(
            () -> ByteBuffer.allocate(STATX_BUFFER).order(ByteOrder.nativeOrder()));

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private final int fd;
    private final OpenDirectory dir;
    private final byte[] name;
    private boolean closed;

    OpenFile(int fd, OpenDirectory dir, byte[] name) {
        this.fd = fd;
        this.dir = dir;
        this.name = name;
    }

    private static native long read(int fd, Pointer buffer, long count) throws LastErrorException;

    private static native long write(int fd, Pointer buffer, long count) throws LastErrorException;

    private static native int fchown(int fd, int uid, int gid) throws LastErrorException;

    private static native int fchmod(int fd, int mode) throws LastErrorException;

    private static native int futimens(int fd, long[] times) throws LastErrorException;

    private static native int statx(int dirfd, byte[] path, int flags, int mask, byte[] buffer)
            throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    int descriptor() {
        return fd;
    }

    /** The size of what is open if it is a regular file, else -1 ({@code statx} of the descriptor). */
    public long regularFileSize() throws FileSystemException {
        ByteBuffer buffer = STATX.get();
        try {
            statx(fd, EMPTY, AT_EMPTY_PATH, STATX_TYPE | STATX_SIZE, buffer.array());
        } catch (LastErrorException e) {
            throw failure("statx", e);
        }
        return (buffer.getShort(STX_MODE) & S_IFMT) == S_IFREG ? buffer.getLong(STX_SIZE) : -1;
    }

    /**
     * Reads into {@code buffer} (direct) from its position up to its limit; returns the bytes read, -1 at the end
     * of the file.
     */
    public int read(ByteBuffer buffer) throws FileSystemException {
        try {
            long n = read(fd, Native.getDirectBufferPointer(buffer).share(buffer.position()), buffer.remaining());
            if (n == 0) {
                return -1;
            }
            buffer.position(buffer.position() + (int) n);
            return (int) n;
        } catch (LastErrorException e) {
            throw failure("read", e);
        }
    }

    /** Writes all of {@code buffer} (direct only) from its position to its limit. */
    @Override
    public int write(ByteBuffer buffer) throws FileSystemException {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("a direct buffer only");
        }
        int all = buffer.remaining();
        Pointer start = Native.getDirectBufferPointer(buffer);
        try {
            while (buffer.hasRemaining()) {
                long n = write(fd, start.share(buffer.position()), buffer.remaining());
                buffer.position(buffer.position() + (int) n);
            }
        } catch (LastErrorException e) {
            throw failure("write", e);
        }
        return all;
    }

    /**
     * Sets the owner ({@code -1} leaves one as it is); a refusal (EPERM: the file system keeps no owners) names the
     * file system and what to do.
     */
    public void setOwner(int uid, int gid) throws IOException {
        try {
            fchown(fd, uid, gid);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != NativeErrors.EPERM) {
                throw failure("fchown", e);
            }
            throw new FileSystemException(dir.resolve(name).toString(), null, "cannot set the owner (uid " + uid
                    + ", gid " + gid + "): Operation not permitted; "
                    + Attributes.chownRefused(Files.getFileStore(dir.resolve(name)).type()));
        }
    }

    /** Sets the mode: permission bits with setuid, setgid and sticky. */
    public void setMode(int mode) throws FileSystemException {
        try {
            fchmod(fd, mode);
        } catch (LastErrorException e) {
            throw failure("fchmod", e);
        }
    }

    /** Sets the mtime to the nanosecond, and the atime to the current time. */
    public void setTimes(long mtimeNanos) throws FileSystemException {
        long[] times = {0, UTIME_NOW,
            Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L)};
        try {
            futimens(fd, times);
        } catch (LastErrorException e) {
            throw failure("futimens", e);
        }
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            close(fd);
        } catch (LastErrorException e) {
            throw failure("close", e);
        }
    }

    private FileSystemException failure(String call, LastErrorException e) {
        return NativeErrors.of(dir.resolve(name).toString(), call, e);
    }
}
