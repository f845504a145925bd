package io.kaizen.backup.store;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code .kaizen/specials} of a collected snapshot (docs/FORMAT.md, "Devices and set-id files on a collector"):
 * what the collector kept as metadata instead of making it live in its store, one line per entry, in tree order:
 * <pre>
 * TYPE MODE UID GID MAJOR MINOR MTIME NAME
 * </pre>
 * {@code TYPE} is {@code c} (character device), {@code b} (block device) or {@code f} (a regular file whose set-id
 * bits were cleared in the store); {@code MODE} is the entry's {@code st_mode & 07777} in octal, set-id bits
 * included; {@code MAJOR} and {@code MINOR} are 0 for {@code f}; {@code MTIME} is seconds and nanoseconds since the
 * epoch ({@code 1767323045.000000000}); {@code NAME} is the path relative to the snapshot, escaped as in
 * SHA256SUMS ('\', newline and carriage return as {@code \\}, {@code \n}, {@code \r}).
 */
public final class SpecialsFile {
    public static final String NAME = "specials";
    /** The longest line: the fields, a name of 4096 bytes escaped to twice that, the newline. */
    private static final int MAX_LINE = 256 + 2 * 4096;
    private static final int MAX_ENTRIES = 10_000_000;

    private SpecialsFile() {
    }

    /** What a line records. */
    public enum Type { CHARACTER_DEVICE, BLOCK_DEVICE, SET_ID_FILE }

    /** One recorded entry. */
    public record Entry(Type type, byte[] relative, int mode, int uid, int gid, long major, long minor,
                        long mtimeSeconds, int mtimeNanos) {
    }

    /** The file of a snapshot directory (complete or partial). */
    public static Path of(Path snapshotDir) {
        return snapshotDir.resolve(Snapshot.META_DIR).resolve(NAME);
    }

    /** Renders one line, with its newline. */
    public static byte[] format(Entry entry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(entry.relative().length + 64);
        char type = switch (entry.type()) {
            case CHARACTER_DEVICE -> 'c';
            case BLOCK_DEVICE -> 'b';
            case SET_ID_FILE -> 'f';
        };
        out.writeBytes(String.format("%c %04o %d %d %d %d %d.%09d ", type, entry.mode(), entry.uid(), entry.gid(),
                entry.major(), entry.minor(), entry.mtimeSeconds(), entry.mtimeNanos()).getBytes(StandardCharsets.US_ASCII));
        SumsFile.escapeName(out, entry.relative());
        out.write('\n');
        return out.toByteArray();
    }

    /** Reads a snapshot's recorded entries; none when it has no such file. Lines are bounded in length and number. */
    public static List<Entry> read(Path snapshotDir) throws IOException {
        Path file = of(snapshotDir);
        List<Entry> entries = new ArrayList<>();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return entries;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    if (line.size() >= MAX_LINE) {
                        throw new StoreException(file + ":" + (entries.size() + 1) + ": a line longer than " + MAX_LINE
                                + " bytes");
                    }
                    line.write(b);
                    continue;
                }
                if (entries.size() >= MAX_ENTRIES) {
                    throw new StoreException(file + ": more than " + MAX_ENTRIES + " lines");
                }
                entries.add(parse(line.toByteArray(), file, entries.size() + 1));
                line.reset();
            }
            if (line.size() > 0) {
                throw new StoreException(file + ":" + (entries.size() + 1) + ": no newline at the end");
            }
        }
        return entries;
    }

    private static Entry parse(byte[] text, Path file, int number) {
        String[] fields = new String[7];
        int pos = 0;
        for (int i = 0; i < fields.length; i++) {
            int space = pos;
            while (space < text.length && text[space] != ' ') {
                space++;
            }
            if (space == text.length) {
                throw new StoreException(file + ":" + number + ": not a specials line");
            }
            fields[i] = new String(text, pos, space - pos, StandardCharsets.US_ASCII);
            pos = space + 1;
        }
        try {
            Type type = switch (fields[0]) {
                case "c" -> Type.CHARACTER_DEVICE;
                case "b" -> Type.BLOCK_DEVICE;
                case "f" -> Type.SET_ID_FILE;
                default -> throw new IllegalArgumentException("unknown type '" + fields[0] + "'");
            };
            int mode = Integer.parseInt(fields[1], 8);
            String[] mtime = fields[6].split("\\.", 2);
            byte[] name = SumsFile.unescapeName(Arrays.copyOfRange(text, pos, text.length), 0, true);
            if (mode < 0 || mode > 07777 || mtime.length != 2 || name.length == 0) {
                throw new IllegalArgumentException("bad mode, time or name");
            }
            return new Entry(type, name, mode, Integer.parseInt(fields[2]), Integer.parseInt(fields[3]),
                    Long.parseLong(fields[4]), Long.parseLong(fields[5]), Long.parseLong(mtime[0]),
                    Integer.parseInt(mtime[1]));
        } catch (IllegalArgumentException e) {
            throw new StoreException(file + ":" + number + ": " + e.getMessage());
        }
    }
}
