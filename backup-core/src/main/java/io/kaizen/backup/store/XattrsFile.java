package io.kaizen.backup.store;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code .kaizen/xattrs} of a collected snapshot (docs/FORMAT.md, "Devices and set-id files on a collector"): the
 * extended attributes a collector kept as metadata instead of making them live in its store (file capabilities,
 * SELinux labels, {@code trusted.} attributes), one line per attribute, in tree order:
 * <pre>
 * ATTRIBUTE VALUE NAME
 * </pre>
 * {@code ATTRIBUTE} is the attribute's name (printable ASCII, no space); {@code VALUE} its raw value as {@code 0x}
 * and lower-case hex digits, as {@code getfattr -e hex} prints it; {@code NAME} the entry's path relative to the
 * snapshot, escaped as in SHA256SUMS.
 */
public final class XattrsFile {
    public static final String NAME = "xattrs";
    /** The longest line: an attribute name, a value of 64 KiB in hex, a name of 4096 bytes escaped to twice that. */
    private static final int MAX_LINE = 256 + 3 + 2 * 65_536 + 1 + 2 * 4096;

    private XattrsFile() {
    }

    /** One recorded attribute of one entry. */
    public record Entry(byte[] relative, String attribute, byte[] value) {
    }

    /** The file of a snapshot directory (complete or partial). */
    public static Path of(Path snapshotDir) {
        return snapshotDir.resolve(Snapshot.META_DIR).resolve(NAME);
    }

    /** Renders one line, with its newline. */
    public static byte[] format(Entry entry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(entry.relative().length + 2 * entry.value().length + 64);
        out.writeBytes((entry.attribute() + " 0x" + HexFormat.of().formatHex(entry.value()) + " ")
                .getBytes(StandardCharsets.US_ASCII));
        SumsFile.escapeName(out, entry.relative());
        out.write('\n');
        return out.toByteArray();
    }

    /** Reads a snapshot's recorded attributes one at a time; none when it has no such file. Lines are bounded. */
    public static final class Reader implements Closeable {
        private final Path file;
        private final InputStream in;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private int number;

        private Reader(Path file, InputStream in) {
            this.file = file;
            this.in = in;
        }

        public static Reader open(Path snapshotDir) throws IOException {
            Path file = of(snapshotDir);
            InputStream in = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    ? new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS))
                    : InputStream.nullInputStream();
            return new Reader(file, in);
        }

        /** The next recorded attribute, or empty at the end. */
        public Optional<Entry> next() throws IOException {
            line.reset();
            number++;
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (line.size() >= MAX_LINE) {
                    throw new StoreException(file + ":" + number + ": a line longer than " + MAX_LINE + " bytes");
                }
                line.write(b);
            }
            if (b < 0) {
                if (line.size() > 0) {
                    throw new StoreException(file + ":" + number + ": no newline at the end");
                }
                return Optional.empty();
            }
            return Optional.of(parse(line.toByteArray()));
        }

        private Entry parse(byte[] text) {
            int first = indexOf(text, 0);
            int second = first < 0 ? -1 : indexOf(text, first + 1);
            if (first <= 0 || second < 0) {
                throw new StoreException(file + ":" + number + ": not an xattrs line");
            }
            String attribute = new String(text, 0, first, StandardCharsets.US_ASCII);
            String value = new String(text, first + 1, second - first - 1, StandardCharsets.US_ASCII);
            try {
                if (!value.startsWith("0x")) {
                    throw new IllegalArgumentException("value without 0x");
                }
                byte[] name = SumsFile.unescapeName(Arrays.copyOfRange(text, second + 1, text.length), 0, true);
                if (name.length == 0) {
                    throw new IllegalArgumentException("no name");
                }
                return new Entry(name, attribute, HexFormat.of().parseHex(value.substring(2)));
            } catch (IllegalArgumentException e) {
                throw new StoreException(file + ":" + number + ": " + e.getMessage());
            }
        }

        private static int indexOf(byte[] text, int from) {
            for (int i = from; i < text.length; i++) {
                if (text[i] == ' ') {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
