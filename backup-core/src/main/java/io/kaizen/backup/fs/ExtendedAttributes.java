package io.kaizen.backup.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads and writes the extended attributes a copy keeps ({@link Xattrs#kept}), POSIX ACLs included, never
 * following a symlink: {@code llistxattr}, {@code lgetxattr}, {@code lsetxattr} and {@code lremovexattr} of the C
 * library, through JNA (the JDK reaches only {@code user.} attributes, and follows links). Comparing two entries
 * lists each relative to its open parent directory ({@code listxattrat}) where the kernel has that call (Linux
 * 6.13 and later; a kernel without it, or a filter that refuses it, gets {@code llistxattr} of the path).
 *
 * <p>A file system without extended attributes ({@code ENOTSUP}) reads as having none, and refuses writes with
 * {@link NotSupported}. An attribute removed between listing and reading ({@code ENODATA}) is left out; one that
 * grew meanwhile ({@code ERANGE}) is read again.
 */
public final class ExtendedAttributes {
    private static final long LISTXATTRAT = 465;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int TRIES = 8;
    private static final int LIST_BUFFER = 4096;
    private static final ThreadLocal<byte[]> LIST_BUFFERS = ThreadLocal.withInitial(() -> new byte[LIST_BUFFER]);

    /** Whether this kernel has {@code listxattrat} (Linux 6.13 and later); false once a call said it has not. */
    private static volatile boolean listAt = true;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private final boolean root;
    private final boolean atCalls;

    ExtendedAttributes(boolean root, boolean atCalls) {
        this.root = root;
        this.atCalls = atCalls;
    }

    /** For this process: as root every namespace a copy keeps, else {@code user.} and the ACLs. */
    public static ExtendedAttributes forThisProcess() {
        return new ExtendedAttributes(ProcessIdentity.isRoot(), true);
    }

    /** A file system refuses extended attributes ({@code ENOTSUP}). */
    public static final class NotSupported extends FileSystemException {
        private static final long serialVersionUID = 1L;

        NotSupported(String path, String reason) {
            super(path, null, reason);
        }
    }

    private static native long llistxattr(byte[] path, byte[] list, long size) throws LastErrorException;

    /** {@code syscall(2)} with the arguments of {@code listxattrat(dirfd, name, at_flags, list, size)}. */
    private static native long syscall(long number, int directory, byte[] name, int flags, byte[] list, long size)
            throws LastErrorException;

    private static native long flistxattr(int fd, byte[] list, long size) throws LastErrorException;

    private static native long lgetxattr(byte[] path, byte[] name, byte[] value, long size) throws LastErrorException;

    private static native int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags)
            throws LastErrorException;

    private static native int lremovexattr(byte[] path, byte[] name) throws LastErrorException;

    /** The attributes of {@code path} a copy keeps, with their values. */
    public Xattrs read(Path path) throws FileSystemException {
        List<String> names = keptNames(path, null);
        if (names.isEmpty()) {
            return Xattrs.NONE;
        }
        byte[] file = OpenDirectory.cString(NativeNames.bytes(path));
        SortedMap<String, byte[]> values = new TreeMap<>();
        for (String name : names) {
            byte[] value = value(path, file, name);
            if (value != null) {
                values.put(name, value);
            }
        }
        return new Xattrs(values);
    }

    /**
     * The attributes a copy keeps of the file open as {@code open} (at {@code path}): one {@code flistxattr} on the
     * descriptor, no path lookup, when it has none (the common case); the values are read through the path.
     */
    public Xattrs read(OpenFile open, Path path) throws FileSystemException {
        List<String> names = keptNames(path, "flistxattr", (list, size) -> flistxattr(open.descriptor(), list, size));
        return names.isEmpty() ? Xattrs.NONE : read(path);
    }

    /**
     * Whether two entries have the same attributes a copy keeps: one {@code llistxattr} each when neither has any
     * (the common case), the values compared only when both have some.
     */
    public boolean same(Path one, Path other) throws FileSystemException {
        return same(one, null, other, null);
    }

    /**
     * {@link #same(Path, Path)}, listing each entry by its name relative to its parent directory where that is open
     * ({@code oneIn}, {@code otherIn}; null where not): {@code listxattrat}, which spares the kernel a look-up of
     * the whole path, where the kernel has it, else {@code llistxattr} of the path.
     */
    public boolean same(Path one, OpenDirectory oneIn, Path other, OpenDirectory otherIn)
            throws FileSystemException {
        List<String> oneNames = keptNames(one, oneIn);
        List<String> otherNames = keptNames(other, otherIn);
        if (!oneNames.equals(otherNames)) {
            return false;
        }
        return oneNames.isEmpty() || read(one).equals(read(other));
    }

    /**
     * Gives {@code path} exactly the attributes {@code wanted} among those a copy keeps: sets each, and removes
     * the others it has, unless {@code fresh} (just made in a directory whose attributes are not set yet, so it
     * has none a copy keeps). The ACLs are set last: setting the access ACL sets the permission bits, which may
     * take away the owner's write permission that {@code user.} attributes need.
     *
     * @throws NotSupported when the file system holding {@code path} keeps no extended attributes
     * @throws AccessDeniedException when a user other than root may not write them (no write permission)
     */
    public void write(Path path, Xattrs wanted, boolean fresh) throws FileSystemException {
        if (fresh && wanted.isEmpty()) {
            return;
        }
        byte[] file = OpenDirectory.cString(NativeNames.bytes(path));
        if (!fresh) {
            for (String name : keptNames(path, null)) {
                if (!wanted.values().containsKey(name)) {
                    remove(path, file, name);
                }
            }
        }
        List<String> names = new ArrayList<>(wanted.values().keySet());
        names.sort(Comparator.comparing(name -> name.equals(Xattrs.ACCESS_ACL) || name.equals(Xattrs.DEFAULT_ACL)));
        for (String name : names) {
            byte[] value = wanted.values().get(name);
            try {
                lsetxattr(file, OpenDirectory.cString(nameBytes(name)), value, value.length, 0);
            } catch (LastErrorException e) {
                throw NativeErrors.of(path.toString(), "lsetxattr " + name, e);
            }
        }
    }

    private void remove(Path path, byte[] file, String name) throws FileSystemException {
        try {
            lremovexattr(file, OpenDirectory.cString(nameBytes(name)));
        } catch (LastErrorException e) {
            if (e.getErrorCode() != NativeErrors.ENODATA) {
                throw NativeErrors.of(path.toString(), "lremovexattr " + name, e);
            }
        }
    }

    /**
     * The names {@link Xattrs#kept} of those {@code path} has, in order; none where the file system has none. Listed
     * relative to {@code in}, its parent directory, where that is open and the kernel has {@code listxattrat}.
     */
    private List<String> keptNames(Path path, OpenDirectory in) throws FileSystemException {
        if (in == null || !atCalls || !listAt) {
            byte[] file = OpenDirectory.cString(NativeNames.bytes(path));
            return keptNames(path, "llistxattr", (list, size) -> llistxattr(file, list, size));
        }
        byte[] name = OpenDirectory.cString(NativeNames.bytes(path.getFileName()));
        return keptNames(path, "listxattrat", (list, size) -> {
            if (listAt) {
                try {
                    return syscall(LISTXATTRAT, in.descriptor(), name, AT_SYMLINK_NOFOLLOW, list, size);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != NativeErrors.ENOSYS && e.getErrorCode() != NativeErrors.EPERM) {
                        throw e;
                    }
                    listAt = false;
                }
            }
            return llistxattr(OpenDirectory.cString(NativeNames.bytes(path)), list, size);
        });
    }

    /** The names {@link Xattrs#kept} of those one {@code listxattr} call ({@code call}, of {@code path}) lists. */
    private List<String> keptNames(Path path, String callName, ListCall call) throws FileSystemException {
        byte[] list = LIST_BUFFERS.get();
        for (int tries = 1; ; tries++) {
            long length;
            try {
                length = call.list(list, list.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == NativeErrors.ENOTSUP) {
                    return List.of();
                }
                if (e.getErrorCode() != NativeErrors.ERANGE || tries >= TRIES) {
                    throw NativeErrors.of(path.toString(), callName, e);
                }
                list = new byte[(int) sizeOfList(path, callName, call) + LIST_BUFFER];
                continue;
            }
            return length == 0 ? List.of() : keptNames(list, (int) length);
        }
    }

    private static long sizeOfList(Path path, String callName, ListCall call) throws FileSystemException {
        try {
            return call.list(null, 0);
        } catch (LastErrorException e) {
            throw NativeErrors.of(path.toString(), callName, e);
        }
    }

    private List<String> keptNames(byte[] list, int length) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (list[i] == 0) {
                String name = new String(list, start, i - start, StandardCharsets.ISO_8859_1);
                if (Xattrs.kept(name, root)) {
                    names.add(name);
                }
                start = i + 1;
            }
        }
        names.sort(null);
        return names;
    }

    /** The value of one attribute, or null if it was removed since it was listed. */
    private static byte[] value(Path path, byte[] file, String name) throws FileSystemException {
        byte[] attribute = OpenDirectory.cString(nameBytes(name));
        for (int tries = 1; ; tries++) {
            try {
                long size = lgetxattr(file, attribute, null, 0);
                byte[] value = new byte[(int) size];
                long read = lgetxattr(file, attribute, value, value.length);
                return read == value.length ? value : Arrays.copyOf(value, (int) read);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == NativeErrors.ENODATA) {
                    return null;
                }
                if (e.getErrorCode() != NativeErrors.ERANGE || tries >= TRIES) {
                    throw NativeErrors.of(path.toString(), "lgetxattr " + name, e);
                }
            }
        }
    }

    /** One of {@code llistxattr}, {@code listxattrat} and {@code flistxattr}, bound to its file. */
    @FunctionalInterface
    private interface ListCall {
        long list(byte[] list, long size) throws LastErrorException;
    }

    private static byte[] nameBytes(String name) {
        return name.getBytes(StandardCharsets.ISO_8859_1);
    }
}
