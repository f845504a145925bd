package io.kaizen.backup.transfer.delta;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Computes the delta of new data against an old file's {@link Signature}, streaming: the new data is read once
 * through a window of a few blocks; a weak-checksum hit is confirmed by the strong hash before a block is used.
 * Like rsync, a match of the block following the previous match is preferred, so unchanged runs stay runs; right
 * after a match, that following block is tried first by its strong hash alone (equal bytes have equal weak sums),
 * so an unchanged run costs one strong hash per block and no weak sum.
 */
public final class DeltaEncoder {
    private final Signature signature;
    private final int[] head;
    private final int[] next;
    private final int mask;

    private DeltaEncoder(Signature signature) {
        this.signature = signature;
        int size = Integer.highestOneBit(Math.max(16, signature.blocks() * 2 - 1)) << 1;
        head = new int[size];
        Arrays.fill(head, -1);
        next = new int[signature.blocks()];
        mask = size - 1;
        for (int i = signature.blocks() - 1; i >= 0; i--) {
            int slot = slot(signature.weak()[i]);
            next[i] = head[slot];
            head[slot] = i;
        }
    }

    /** Encodes {@code in} against {@code signature} into {@code sink}, ending it. */
    public static void encode(Signature signature, InputStream in, DeltaSink sink) throws IOException {
        new DeltaEncoder(signature).run(in, sink);
    }

    private int slot(int weak) {
        return (weak ^ (weak >>> 15) ^ (weak >>> 23)) & mask;
    }

    private void run(InputStream in, DeltaSink sink) throws IOException {
        int blockSize = signature.blockSize();
        Window window = new Window(in, Math.max(4 * blockSize, 1 << 20));
        Runs runs = new Runs(sink);
        RollingChecksum sum = new RollingChecksum();
        Strong strong = new Strong(signature.hash());
        boolean fresh = true;
        boolean hashed = false;
        int k = 0;
        while (true) {
            if (window.available() <= blockSize && !window.eof()) {
                window.flushLiteral(runs);
                window.refill();
                if (fresh) {
                    continue;
                }
            }
            if (fresh) {
                k = Math.min(blockSize, window.available());
                if (k == 0) {
                    break;
                }
                int expected = runs.expectedNext();
                if (expected >= 0 && expected < signature.blocks() && signature.blockLength(expected) == k) {
                    strong.of(window.buffer, window.pos, k);
                    hashed = true;
                    if (signature.strongEquals(expected, strong.digest)) {
                        window.flushLiteral(runs);
                        runs.add(expected);
                        window.skip(k);
                        hashed = false;
                        continue;
                    }
                }
                sum.reset(window.buffer, window.pos, k);
                fresh = false;
            }
            int match = signature.blocks() == 0 ? -1 : find(sum.value(), k, window, strong, hashed, runs.expectedNext());
            hashed = false;
            if (match >= 0) {
                window.flushLiteral(runs);
                runs.add(match);
                window.skip(k);
                fresh = true;
            } else if (window.available() > k) {
                sum.roll(window.buffer[window.pos], window.buffer[window.pos + k]);
                window.pos++;
            } else if (window.eof()) {
                sum.trimFront(window.buffer[window.pos]);
                window.pos++;
                k--;
                if (k == 0) {
                    break;
                }
            }
        }
        window.flushLiteral(runs);
        runs.finish();
        sink.end();
    }

    /** The block matching the window's {@code length} bytes: weak sum first, then the strong hash (unless already {@code hashed}). */
    private int find(int weak, int length, Window window, Strong strong, boolean hashed, int preferred) {
        int found = -1;
        for (int b = head[slot(weak)]; b >= 0; b = next[b]) {
            if (signature.weak()[b] != weak || signature.blockLength(b) != length) {
                continue;
            }
            if (!hashed) {
                strong.of(window.buffer, window.pos, length);
                hashed = true;
            }
            if (signature.strongEquals(b, strong.digest)) {
                if (b == preferred) {
                    return b;
                }
                if (found < 0) {
                    found = b;
                }
            }
        }
        return found;
    }

    /** The strong hash of the window's bytes, as in the signature. */
    private static final class Strong {
        private final StrongHash.Hasher hasher;
        final byte[] digest;

        Strong(StrongHash hash) {
            hasher = hash.hasher();
            digest = new byte[hash.length()];
        }

        void of(byte[] buffer, int offset, int length) {
            hasher.hash(buffer, offset, length, digest, 0);
        }
    }

    /** The new data, a window of it in memory; bytes before {@code literalStart} have been handed out. */
    private static final class Window {
        private final InputStream in;
        final byte[] buffer;
        int pos;
        private int end;
        private int literalStart;
        private boolean eof;

        Window(InputStream in, int capacity) {
            this.in = in;
            this.buffer = new byte[capacity];
        }

        int available() {
            return end - pos;
        }

        boolean eof() {
            return eof;
        }

        void skip(int n) {
            pos += n;
            literalStart = pos;
        }

        void flushLiteral(Runs runs) throws IOException {
            if (pos > literalStart) {
                runs.literal(buffer, literalStart, pos - literalStart);
                literalStart = pos;
            }
        }

        /** Moves the unread bytes to the front and reads more. Call after {@link #flushLiteral}. */
        void refill() throws IOException {
            System.arraycopy(buffer, pos, buffer, 0, end - pos);
            end -= pos;
            pos = 0;
            literalStart = 0;
            while (end < buffer.length) {
                int n = in.read(buffer, end, buffer.length - end);
                if (n < 0) {
                    eof = true;
                    return;
                }
                end += n;
            }
        }
    }

    /** Merges consecutive block matches into runs before they reach the sink. */
    private static final class Runs {
        private final DeltaSink sink;
        private int first = -1;
        private int count;

        Runs(DeltaSink sink) {
            this.sink = sink;
        }

        int expectedNext() {
            return first < 0 ? -1 : first + count;
        }

        void add(int block) throws IOException {
            if (first >= 0 && block == first + count) {
                count++;
                return;
            }
            finish();
            first = block;
            count = 1;
        }

        void literal(byte[] buffer, int offset, int length) throws IOException {
            finish();
            sink.literal(buffer, offset, length);
        }

        void finish() throws IOException {
            if (first >= 0) {
                sink.copy(first, count);
                first = -1;
                count = 0;
            }
        }
    }
}
