package io.kaizen.backup.source;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a dump for the evidence it carries: keeps its last bytes (where dumps put their completion marker) and
 * the beginnings of lines that start with given prefixes (where they name the server version and each
 * database). It is an output stream, so it can also watch bytes on their way somewhere else.
 */
final class DumpScanner extends FilterOutputStream {
    private static final int TAIL = 1024;
    private static final int LINE_HEAD = 512;

    private final List<byte[]> prefixes;
    private final List<String> lines = new ArrayList<>();
    private final byte[] tail = new byte[TAIL];
    private long count;
    private final byte[] head = new byte[LINE_HEAD];
    private int headLength;
    private boolean atLineStart = true;
    private boolean collecting;

    DumpScanner(OutputStream out, List<String> prefixes) {
        super(out);
        this.prefixes = prefixes.stream().map(p -> p.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        keepTail(b, off, len);
        if (prefixes.isEmpty()) {
            return;
        }
        int end = off + len;
        int i = off;
        while (i < end) {
            if (atLineStart) {
                atLineStart = false;
                collecting = true;
                headLength = 0;
            }
            int newline = i;
            while (newline < end && b[newline] != '\n') {
                newline++;
            }
            if (collecting) {
                int n = Math.min(newline - i, LINE_HEAD - headLength);
                System.arraycopy(b, i, head, headLength, n);
                headLength += n;
                collecting = couldMatch();
            }
            if (newline == end) {
                return;
            }
            if (collecting && matches()) {
                lines.add(new String(head, 0, headLength, StandardCharsets.UTF_8));
            }
            atLineStart = true;
            i = newline + 1;
        }
    }

    private void keepTail(byte[] b, int off, int len) {
        if (len >= TAIL) {
            System.arraycopy(b, off + len - TAIL, tail, 0, TAIL);
        } else {
            System.arraycopy(tail, len, tail, 0, TAIL - len);
            System.arraycopy(b, off, tail, TAIL - len, len);
        }
        count += len;
    }

    /** Whether the line so far is a prefix of, or starts with, one of the prefixes. */
    private boolean couldMatch() {
        for (byte[] prefix : prefixes) {
            int n = Math.min(prefix.length, headLength);
            if (Arrays.equals(prefix, 0, n, head, 0, n)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches() {
        for (byte[] prefix : prefixes) {
            if (headLength >= prefix.length && Arrays.equals(prefix, 0, prefix.length, head, 0, prefix.length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a finished dump file through a scanner: the whole file when there are prefixes to look for, else
     * only its last bytes.
     */
    static DumpScanner of(Path file, List<String> prefixes) throws IOException {
        DumpScanner scanner = new DumpScanner(OutputStream.nullOutputStream(), prefixes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long start = prefixes.isEmpty() ? Math.max(0, channel.size() - TAIL) : 0;
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            long position = start;
            int n;
            while ((n = channel.read(buffer.clear(), position)) > 0) {
                scanner.write(buffer.array(), 0, n);
                position += n;
            }
        }
        return scanner;
    }

    /** Lines (their first 512 bytes) that started with one of the prefixes, in order. */
    List<String> matchedLines() {
        return List.copyOf(lines);
    }

    /** The last bytes written (at most 1 KiB), as ISO-8859-1 text. */
    String tail() {
        int n = (int) Math.min(count, TAIL);
        return new String(tail, TAIL - n, n, StandardCharsets.ISO_8859_1);
    }

    /** Whether {@code marker} is within the last 200 characters before trailing blank space. */
    boolean endsWithLineContaining(String marker) {
        String text = tail().stripTrailing();
        return text.substring(Math.max(0, text.length() - 200)).contains(marker);
    }
}
