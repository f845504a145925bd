package io.kaizen.backup.transfer.rsync;

import io.kaizen.backup.store.TreeRecords;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One line of rsync's per-entry output in the form {@link #OPTIONS} asks for ({@code %i %l %n<SOH>%L}: the
 * itemized changes, the length, the name, a separator byte (0x01) and the hard-link or symlink target), read
 * as what the entry was made as in the destination. Pure: no I/O.
 *
 * <p>rsync writes every byte of a line that is below a space (except a tab) or not printable as {@code \#ooo},
 * and a backslash as {@code \#134} when {@code #} and three digits follow it, so {@link #unescape} restores the
 * exact bytes, the separator included. A line whose unescaped text holds the separator more than once (a name
 * or target with that byte) cannot be split: it is {@link Parsed#AMBIGUOUS}, and the caller gives up the record.
 */
final class ItemizedLine {
    /**
     * The options that make rsync print every entry it makes, linked from a link-dest or not, in this form; with
     * {@code LC_ALL=C}, so "printable" means ASCII whatever the locale.
     */
    static final List<String> OPTIONS = List.of("--info=name2", "--out-format=%i %l %n\u0001%L");
    private static final byte SEPARATOR = 1;
    private static final int ITEMIZE = 11;
    private static final String UPDATES = "<>ch.";
    private static final String TYPES = "fdLDS";

    private ItemizedLine() {
    }

    /** An entry read from a line: its name below the transfer root (no trailing slash), kind and length. */
    record Item(byte[] name, TreeRecords.Kind kind, long size) {
    }

    /** What a line says. */
    enum Parsed { ENTRY, ROOT, DELETION, OTHER, AMBIGUOUS }

    /** A line's meaning, with the entry when it is one. */
    record Result(Parsed parsed, Item item) {
        static Result of(Parsed parsed) {
            return new Result(parsed, null);
        }
    }

    /**
     * Reads one line (without its newline). {@code linkDestIsPrevious}: whether a file rsync hard-linked from a
     * link-dest ({@code hf} with no target) is linked to the file at the same path in the one link-dest there is
     * ({@link TreeRecords.Kind#LINKED}); otherwise it is a file of unknown sum. A file hard-linked to another name
     * in the tree ({@code hf ... => NAME}), copied, or received is one of unknown sum too. Lines that are not
     * entries (rsync's own messages) are {@link Parsed#OTHER}; deletions ({@code *deleting}) say nothing about
     * what is in the destination.
     */
    static Result parse(String line, boolean linkDestIsPrevious) {
        if (line.startsWith("*deleting ")) {
            return Result.of(Parsed.DELETION);
        }
        if (line.length() < ITEMIZE + 3 || UPDATES.indexOf(line.charAt(0)) < 0 || TYPES.indexOf(line.charAt(1)) < 0
                || line.charAt(ITEMIZE) != ' ') {
            return Result.of(Parsed.OTHER);
        }
        int sizeEnd = line.indexOf(' ', ITEMIZE + 1);
        if (sizeEnd < 0 || !digits(line, ITEMIZE + 1, sizeEnd)) {
            return Result.of(Parsed.OTHER);
        }
        long size = Long.parseLong(line, ITEMIZE + 1, sizeEnd, 10);
        byte[] rest = unescape(line.substring(sizeEnd + 1));
        int separator = indexOf(rest, 0);
        if (separator < 0) {
            return Result.of(Parsed.OTHER);
        }
        if (indexOf(rest, separator + 1) >= 0) {
            return Result.of(Parsed.AMBIGUOUS);
        }
        int nameEnd = separator > 0 && rest[separator - 1] == '/' ? separator - 1 : separator;
        byte[] name = Arrays.copyOf(rest, nameEnd);
        if (name.length == 1 && name[0] == '.') {
            return Result.of(Parsed.ROOT);
        }
        boolean target = separator + 1 < rest.length;
        TreeRecords.Kind kind = switch (line.charAt(1)) {
            case 'd' -> TreeRecords.Kind.DIRECTORY;
            case 'L' -> TreeRecords.Kind.SYMLINK;
            case 'f' -> line.charAt(0) == 'h' && !target && linkDestIsPrevious
                    ? TreeRecords.Kind.LINKED : TreeRecords.Kind.FILE;
            default -> TreeRecords.Kind.OTHER;
        };
        return new Result(Parsed.ENTRY, new Item(name, kind, size));
    }

    /** The bytes rsync escaped as {@code \#ooo} in {@code text} (a line read as ISO-8859-1), restored. */
    static byte[] unescape(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 4 < text.length() && text.charAt(i + 1) == '#' && octal(text, i + 2)) {
                bytes.write(Integer.parseInt(text, i + 2, i + 5, 8));
                i += 4;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toByteArray();
    }

    /** The line's text as rsync wrote it: bytes read one to one as ISO-8859-1 characters. */
    static String text(byte[] line, int from, int to) {
        return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static boolean octal(String text, int from) {
        for (int i = from; i < from + 3; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    private static boolean digits(String text, int from, int to) {
        if (from == to || to - from > 18) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == SEPARATOR) {
                return i;
            }
        }
        return -1;
    }
}
