package io.kaizen.backup.store;

import io.kaizen.backup.fs.NativeNames;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * {@code .kaizen/SHA256SUMS}: one line per regular file, in {@link NativeNames#TREE_ORDER}, in the format of
 * coreutils {@code sha256sum} (a name holding '\', newline or carriage return is escaped and its line starts
 * with '\'), so {@code sha256sum -c .kaizen/SHA256SUMS} run inside the snapshot checks it.
 */
public final class SumsFile {
    /**
     * The longest line, newline included: an escape flag, the hash, two separators, a name of up to 4096 bytes
     * (Linux {@code PATH_MAX}) escaped to at most twice that, and the newline. Readers refuse longer lines.
     */
    public static final int MAX_LINE = 1 + 64 + 2 + 2 * 4096 + 1;
    private static final int SHA256_BYTES = 32;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private SumsFile() {
    }

    /** One line: a file's relative path (bytes) and its SHA-256. */
    public record Line(byte[] relative, byte[] sha256) {
    }

    /** Renders one line, with its trailing newline. */
    public static byte[] format(Line line) {
        boolean escaped = needsEscape(line.relative);
        byte[] name = line.relative;
        if (escaped) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(2 * name.length);
            escapeName(out, name);
            name = out.toByteArray();
        }
        int hash = escaped ? 1 : 0;
        byte[] text = new byte[hash + 2 * SHA256_BYTES + 2 + name.length + 1];
        if (escaped) {
            text[0] = '\\';
        }
        for (int i = 0; i < SHA256_BYTES; i++) {
            text[hash + 2 * i] = HEX[(line.sha256[i] >> 4) & 0xf];
            text[hash + 2 * i + 1] = HEX[line.sha256[i] & 0xf];
        }
        text[hash + 64] = ' ';
        text[hash + 65] = ' ';
        System.arraycopy(name, 0, text, hash + 66, name.length);
        text[text.length - 1] = '\n';
        return text;
    }

    /** Writes a name with '\', newline and carriage return escaped as {@code \\}, {@code \n}, {@code \r}. */
    static void escapeName(ByteArrayOutputStream out, byte[] name) {
        for (byte b : name) {
            switch (b) {
                case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                default -> out.write(b);
            }
        }
    }

    /** The name written from {@code text[from]} on, escaped as {@link #escapeName} does if {@code escaped}. */
    static byte[] unescapeName(byte[] text, int from, boolean escaped) {
        ByteArrayOutputStream name = new ByteArrayOutputStream(text.length - from);
        for (int i = from; i < text.length; i++) {
            byte b = text[i];
            if (escaped && b == '\\' && i + 1 < text.length) {
                byte e = text[++i];
                name.write(switch (e) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case '\\' -> '\\';
                    default -> throw new IllegalArgumentException("bad escape \\" + (char) e);
                });
            } else {
                name.write(b);
            }
        }
        return name.toByteArray();
    }

    /** Parses one line (without its newline). */
    public static Line parse(byte[] text) {
        return parse(text, 0, text.length);
    }

    /** Parses the line {@code text[from, to)} (without its newline). */
    static Line parse(byte[] text, int from, int to) {
        int pos = from;
        boolean escaped = to > from && text[from] == '\\';
        if (escaped) {
            pos++;
        }
        if (to < pos + 66 || text[pos + 64] != ' ' || (text[pos + 65] != ' ' && text[pos + 65] != '*')) {
            throw new IllegalArgumentException("not a sha256sum line");
        }
        byte[] sha = new byte[SHA256_BYTES];
        for (int i = 0; i < SHA256_BYTES; i++) {
            sha[i] = (byte) (hexDigit(text[pos + 2 * i]) << 4 | hexDigit(text[pos + 2 * i + 1]));
        }
        byte[] name = escaped ? unescapeName(Arrays.copyOfRange(text, pos + 66, to), 0, true)
                : Arrays.copyOfRange(text, pos + 66, to);
        return new Line(name, sha);
    }

    /** The value of one hexadecimal digit, either case. */
    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        throw new IllegalArgumentException("not a hexadecimal digit: " + (char) (b & 0xff));
    }

    private static boolean needsEscape(byte[] name) {
        for (byte b : name) {
            if (b == '\\' || b == '\n' || b == '\r') {
                return true;
            }
        }
        return false;
    }

    /** Writes lines to a stream. */
    public static final class Writer implements Closeable {
        private final OutputStream out;

        public Writer(OutputStream out) {
            this.out = out;
        }

        public void write(Line line) throws IOException {
            out.write(format(line));
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Streams the lines of a sums file; an absent file reads as empty. */
    public static final class Reader implements Iterator<Line>, Closeable {
        private final InputStream in;
        private final Path file;
        private final byte[] buffer = new byte[1 << 16];
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        private int pos;
        private int limit;
        private Line next;
        private long lineNumber;

        private Reader(Path file, InputStream in) {
            this.file = file;
            this.in = in;
        }

        public static Reader open(Path file) throws IOException {
            InputStream in = Files.exists(file) ? Files.newInputStream(file) : InputStream.nullInputStream();
            return new Reader(file, in);
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = readLine();
            }
            return next != null;
        }

        @Override
        public Line next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Line line = next;
            next = null;
            return line;
        }

        /**
         * The next line, parsed in place when the buffer holds all of it, else gathered across refills first.
         */
        private Line readLine() {
            try {
                line.reset();
                while (true) {
                    if (pos == limit) {
                        limit = in.read(buffer);
                        pos = 0;
                        if (limit <= 0) {
                            limit = 0;
                            if (line.size() == 0) {
                                return null;
                            }
                            break;
                        }
                    }
                    int newline = pos;
                    while (newline < limit && buffer[newline] != '\n') {
                        newline++;
                    }
                    if (line.size() + (newline - pos) >= MAX_LINE) {
                        throw new StoreException(file + ":" + (lineNumber + 1) + ": a line longer than " + MAX_LINE
                                + " bytes (not a SHA256SUMS line)");
                    }
                    if (newline < limit && line.size() == 0) {
                        int start = pos;
                        pos = newline + 1;
                        return parsed(buffer, start, newline);
                    }
                    line.write(buffer, pos, newline - pos);
                    boolean complete = newline < limit;
                    pos = complete ? newline + 1 : newline;
                    if (complete) {
                        break;
                    }
                }
                byte[] text = line.toByteArray();
                return parsed(text, 0, text.length);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        private Line parsed(byte[] text, int from, int to) {
            lineNumber++;
            try {
                return parse(text, from, to);
            } catch (IllegalArgumentException e) {
                throw new StoreException(file + ":" + lineNumber + ": " + e.getMessage());
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * Looks names up in a sums file read forward: callers ask in tree order (a walk, a listing), so the file is
     * streamed once and memory does not grow with it. A null reader finds nothing.
     */
    public static final class Cursor {
        private final Iterator<Line> reader;
        private Line head;

        public Cursor(Iterator<Line> reader) {
            this.reader = reader;
        }

        /** The line for {@code relative}, skipping lines of names that sort before it; null if absent. */
        public Line find(byte[] relative) {
            if (reader == null) {
                return null;
            }
            while (true) {
                if (head == null) {
                    if (!reader.hasNext()) {
                        return null;
                    }
                    head = reader.next();
                }
                int order = NativeNames.TREE_ORDER.compare(head.relative(), relative);
                if (order == 0) {
                    return head;
                }
                if (order > 0) {
                    return null;
                }
                head = null;
            }
        }
    }
}
