package io.kaizen.backup.offsite;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Content-defined chunking in the manner of FastCDC (docs/OFFSITE-FORMAT.md, "Chunks"): a gear hash over the
 * bytes since the last cut, a cut where its top bits are zero (more bits before the average size, fewer after:
 * normalized chunking), never before the minimum, always at the maximum. The gear table is derived from the
 * repository's PRF key, so cut points reveal nothing a stranger could compute. Bytes are pushed in; each chunk
 * goes to the sink, the last one at {@link #finish}. Not thread-safe: one per stream.
 */
final class Chunker {
    /** Sizes of file content chunks: as restic's (512 KiB minimum, 1 MiB average, 8 MiB maximum). */
    static final Sizes CONTENT = new Sizes(512 << 10, 20, 8 << 20);
    /** Sizes of tree chunks: smaller, so one changed entry re-sends little of a large tree. */
    static final Sizes TREE = new Sizes(64 << 10, 18, 2 << 20);
    private static final byte[] EMPTY = new byte[0];

    /** Minimum, average (as a power of two) and maximum chunk size. */
    record Sizes(int minimum, int averageBits, int maximum) {
    }

    private final long[] gear;
    private final Sizes sizes;
    private final long smallMask;
    private final long largeMask;
    private final Consumer<byte[]> sink;
    private byte[] buffer = EMPTY;
    private int length;
    private long hash;

    Chunker(long[] gear, Sizes sizes, Consumer<byte[]> sink) {
        this.gear = gear;
        this.sizes = sizes;
        this.smallMask = topBits(sizes.averageBits() + 2);
        this.largeMask = topBits(sizes.averageBits() - 2);
        this.sink = sink;
    }

    /** The 256 gear values of a repository: the first 8 bytes of its PRF of {@code "kaizen gear N"}. */
    static long[] gear(OffsiteKeys keys) {
        long[] gear = new long[256];
        for (int i = 0; i < gear.length; i++) {
            gear[i] = ByteBuffer.wrap(keys.mac(("kaizen gear " + i).getBytes(StandardCharsets.US_ASCII))).getLong();
        }
        return gear;
    }

    /**
     * Pushes bytes. Bytes before the minimum's last are copied in bulk, unhashed; from there each byte is hashed until a
     * cut, and the bytes scanned are copied once.
     */
    void write(byte[] bytes, int offset, int count) {
        int minimum = sizes.minimum();
        int average = 1 << sizes.averageBits();
        int maximum = sizes.maximum();
        int end = offset + count;
        while (offset < end) {
            if (length < minimum - 1) {
                int n = Math.min(minimum - 1 - length, end - offset);
                append(bytes, offset, n);
                offset += n;
                continue;
            }
            int i = offset;
            int at = length;
            long h = hash;
            boolean cut = false;
            int limit = Math.min(end, offset + (maximum - length) + 1);
            while (i < limit) {
                h = (h << 1) + gear[bytes[i++] & 0xff];
                at++;
                if ((h & (at < average ? smallMask : largeMask)) == 0 || at >= maximum) {
                    cut = true;
                    break;
                }
            }
            hash = h;
            append(bytes, offset, i - offset);
            offset = i;
            if (cut) {
                cut();
            }
        }
    }

    /** Emits the bytes since the last cut, if any. */
    void finish() {
        if (length > 0) {
            cut();
        }
    }

    private void append(byte[] bytes, int offset, int count) {
        if (length + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(length + count, Math.min(sizes.maximum(), buffer.length * 2)));
        }
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
    }

    /** Hands the chunk over: the buffer itself when the chunk fills it exactly (a small file read whole). */
    private void cut() {
        if (length == buffer.length) {
            sink.accept(buffer);
            buffer = EMPTY;
        } else {
            sink.accept(Arrays.copyOf(buffer, length));
        }
        length = 0;
        hash = 0;
    }

    private static long topBits(int bits) {
        return -1L << (64 - bits);
    }
}
