package io.kaizen.backup.fs;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * One {@code lstat}: type, permission bits (with setuid, setgid, sticky), numeric owner and group, link count,
 * size, mtime in nanoseconds and the file key (device + inode). Read from the JDK's Unix attributes directly,
 * without the user and group name look-ups that {@link PosixFileAttributes#owner()} would make.
 */
public record FileStat(Type type, int mode, int uid, int gid, long links, long size, long mtimeNanos, Object fileKey) {
    /** What kind of entry. */
    public enum Type { FILE, DIRECTORY, SYMLINK, FIFO, CHARACTER_DEVICE, BLOCK_DEVICE, SOCKET }

    private static final int S_IFMT = 0170000;
    private static final MethodHandle MODE;
    private static final MethodHandle UID;
    private static final MethodHandle GID;
    private static final MethodHandle NLINK;
    private static final MethodHandle RDEV;
    private static final MethodHandle INO;

    static {
        try {
            Class<?> attributes = Class.forName("sun.nio.fs.UnixFileAttributes");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(attributes, MethodHandles.lookup());
            MODE = lookup.findVirtual(attributes, "mode", MethodType.methodType(int.class));
            UID = lookup.findVirtual(attributes, "uid", MethodType.methodType(int.class));
            GID = lookup.findVirtual(attributes, "gid", MethodType.methodType(int.class));
            NLINK = lookup.findVirtual(attributes, "nlink", MethodType.methodType(int.class));
            RDEV = lookup.findVirtual(attributes, "rdev", MethodType.methodType(long.class));
            INO = lookup.findVirtual(attributes, "ino", MethodType.methodType(long.class));
        } catch (ReflectiveOperationException | IllegalAccessError e) {
            throw new ExceptionInInitializerError("file attributes need raw access: run the JVM with "
                    + "--add-opens java.base/sun.nio.fs=ALL-UNNAMED (" + e + ")");
        }
    }

    /** {@code lstat(path)}. */
    public static FileStat of(Path path) throws IOException {
        return of(Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    /** The stat of attributes read with {@code NOFOLLOW_LINKS} from the default file system. */
    public static FileStat of(PosixFileAttributes attributes) {
        try {
            int raw = (int) MODE.invoke(attributes);
            long nanos = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
            return new FileStat(type(raw), raw & 07777, (int) UID.invoke(attributes), (int) GID.invoke(attributes),
                    (int) NLINK.invoke(attributes), attributes.size(), nanos, attributes.fileKey());
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read unix attributes", e);
        }
    }

    /** The device number of a character or block device ({@code st_rdev}). */
    public static long deviceNumber(PosixFileAttributes attributes) {
        try {
            return (long) RDEV.invoke(attributes);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read unix attributes", e);
        }
    }

    /** The inode number ({@code st_ino}). */
    public static long inodeNumber(PosixFileAttributes attributes) {
        try {
            return (long) INO.invoke(attributes);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read unix attributes", e);
        }
    }

    private static Type type(int mode) {
        return switch (mode & S_IFMT) {
            case 0040000 -> Type.DIRECTORY;
            case 0120000 -> Type.SYMLINK;
            case 0010000 -> Type.FIFO;
            case 0020000 -> Type.CHARACTER_DEVICE;
            case 0060000 -> Type.BLOCK_DEVICE;
            case 0140000 -> Type.SOCKET;
            default -> Type.FILE;
        };
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    public boolean isFile() {
        return type == Type.FILE;
    }

    /**
     * rsync's quick check plus the attributes {@code --link-dest} requires to share an inode; the owner counts only
     * for a process that sets owners ({@code owners}: root), as rsync's does.
     */
    public boolean sameForLinking(FileStat other, boolean owners) {
        return other.type == Type.FILE && type == Type.FILE && size == other.size && mtimeNanos == other.mtimeNanos
                && mode == other.mode && gid == other.gid && (!owners || uid == other.uid);
    }
}
