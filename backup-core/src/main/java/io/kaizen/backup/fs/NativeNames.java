package io.kaizen.backup.fs;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;

/**
 * File names as the kernel stores them: bytes, not strings.
 *
 * <p>Java decodes names with the locale's code set, so under {@code LANG=C} (cron) or with bytes that are not
 * valid UTF-8 a name does not survive a trip through {@link String}. Paths obtained from a directory listing
 * keep their original bytes inside the JDK's Unix path; this class reads and makes such paths from bytes. It
 * needs {@code --add-opens java.base/sun.nio.fs=ALL-UNNAMED} (set in the jar's manifest and the launcher).
 */
public final class NativeNames {
    /** Orders relative paths as a depth-first walk with each directory's entries sorted by their bytes. */
    public static final Comparator<byte[]> TREE_ORDER = NativeNames::compareTreeOrder;

    private static final Class<?> UNIX_PATH;
    private static final MethodHandle TO_BYTES;
    private static final MethodHandle FROM_BYTES;

    static {
        try {
            UNIX_PATH = Class.forName("sun.nio.fs.UnixPath");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(UNIX_PATH, MethodHandles.lookup());
            TO_BYTES = lookup.findVirtual(UNIX_PATH, "asByteArray", MethodType.methodType(byte[].class));
            Class<?> fileSystem = Class.forName("sun.nio.fs.UnixFileSystem");
            FROM_BYTES = lookup.findConstructor(UNIX_PATH,
                    MethodType.methodType(void.class, fileSystem, byte[].class));
        } catch (ReflectiveOperationException | IllegalAccessError e) {
            throw new ExceptionInInitializerError("file names need raw byte access: run the JVM with "
                    + "--add-opens java.base/sun.nio.fs=ALL-UNNAMED (" + e + ")");
        }
    }

    private NativeNames() {
    }

    /** The bytes of a path as the kernel sees them. */
    public static byte[] bytes(Path path) {
        if (UNIX_PATH.isInstance(path)) {
            try {
                return ((byte[]) TO_BYTES.invoke(path)).clone();
            } catch (Throwable e) {
                throw new IllegalStateException("cannot read the bytes of a path", e);
            }
        }
        return path.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The path of {@code relative} (no leading slash, '/'-separated) below {@code dir}, byte for byte. */
    public static Path resolve(Path dir, byte[] relative) {
        if (relative.length == 0) {
            return dir;
        }
        return dir.resolve(path(dir.getFileSystem(), relative));
    }

    /** The path below {@code dir} relative to it, as bytes ('/'-separated, no leading slash). */
    public static byte[] relativize(Path dir, Path child) {
        return bytes(dir.relativize(child));
    }

    /** A path made from bytes, for the same file system as {@code fileSystem}. */
    public static Path path(FileSystem fileSystem, byte[] bytes) {
        Path sample = fileSystem.getPath("");
        if (UNIX_PATH.isInstance(sample)) {
            try {
                return (Path) FROM_BYTES.invoke(fileSystem, bytes.clone());
            } catch (Throwable e) {
                throw new IllegalStateException("cannot make a path from bytes", e);
            }
        }
        return fileSystem.getPath(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Joins a parent's relative bytes and one name. */
    public static byte[] child(byte[] parent, byte[] name) {
        if (parent.length == 0) {
            return name.clone();
        }
        byte[] joined = Arrays.copyOf(parent, parent.length + 1 + name.length);
        joined[parent.length] = '/';
        System.arraycopy(name, 0, joined, parent.length + 1, name.length);
        return joined;
    }

    /** A readable rendering for messages: valid UTF-8 as is, other bytes and controls as {@code \xNN}. */
    public static String display(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (text.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
                return text;
            }
        } catch (CharacterCodingException e) {
            // falls through to the escaped rendering
        }
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append((char) c);
            } else {
                out.append(String.format("\\x%02x", c));
            }
        }
        return out.toString();
    }

    /** A readable rendering of a path for messages. */
    public static String display(Path path) {
        return display(bytes(path));
    }

    private static int compareTreeOrder(byte[] a, byte[] b) {
        int length = Math.min(a.length, b.length);
        for (int i = 0; i < length; i++) {
            if (a[i] != b[i]) {
                return rank(a[i]) - rank(b[i]);
            }
        }
        return a.length - b.length;
    }

    /** '/' ends a name, so it sorts before every byte a name can hold. */
    private static int rank(byte b) {
        return b == '/' ? -1 : b & 0xff;
    }
}
