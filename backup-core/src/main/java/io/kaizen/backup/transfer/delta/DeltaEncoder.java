package io.kaizen.backup.transfer.delta;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Computes the delta of new data against an old file's {@link Signature}, streaming: the new data is read once
 * through a window of a few blocks; a weak-checksum hit is confirmed by the strong hash before a block is used.
 * Like rsync, a match of the block following the previous match is preferred, so unchanged runs stay runs; right
 * after a match, that following block is tried first by its strong hash alone (equal bytes have equal weak sums),
 * so an unchanged run costs one strong hash per block and no weak sum.
 */
public final class DeltaEncoder {
    /** Files shorter than this are encoded on one thread. */
    static final long SPLIT_MIN = 64L << 20;
    /** Most literal bytes the second half's encoder queues before it waits for the first half. */
    static final int QUEUED_LITERAL = 16 << 20;
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
        sink.end();
    }

    /**
     * Encodes the first {@code length} bytes of {@code file} against {@code signature} into {@code sink}, ending it.
     * A file of at least {@value #SPLIT_MIN} bytes is split at a block boundary near its middle and both halves are
     * encoded at once: the first on this thread straight into the sink, the second on another thread into a queue
     * of at most {@value #QUEUED_LITERAL} literal bytes, passed on once the first half is done. No match spans the
     * split, so the delta holds at most a block of literal data more than one pass would give.
     */
    public static void encode(Signature signature, FileChannel file, long length, DeltaSink sink) throws IOException {
        encode(signature, file, length, Runtime.getRuntime().availableProcessors() < 2 ? Long.MAX_VALUE : SPLIT_MIN, sink);
    }

    /** As {@link #encode(Signature, FileChannel, long, DeltaSink)}, splitting files of at least {@code splitMin} bytes. */
    static void encode(Signature signature, FileChannel file, long length, long splitMin, DeltaSink sink)
            throws IOException {
        DeltaEncoder encoder = new DeltaEncoder(signature);
        long split = length / 2 / signature.blockSize() * signature.blockSize();
        if (length < splitMin) {
            encoder.run(new RangeInput(file, 0, length), sink);
            sink.end();
            return;
        }
        Queued second = new Queued();
        Thread worker = new Thread(() -> second.fill(encoder, new RangeInput(file, split, length)), "delta-encoder");
        worker.setDaemon(true);
        worker.start();
        try {
            encoder.run(new RangeInput(file, 0, split), sink);
            second.drainInto(sink);
        } finally {
            worker.interrupt();
        }
        sink.end();
    }

    private int slot(int weak) {
        return (weak ^ (weak >>> 15) ^ (weak >>> 23)) & mask;
    }

    /** Encodes {@code in} into {@code sink}, without ending it. Only reads this encoder's index: threads may share it. */
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

    /** Reads {@code [from, to)} of a file with positional reads, so that several threads share one channel. */
    private static final class RangeInput extends InputStream {
        private final FileChannel file;
        private long position;
        private final long end;

        RangeInput(FileChannel file, long from, long to) {
            this.file = file;
            this.position = from;
            this.end = to;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("read in blocks");
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (position >= end) {
                return -1;
            }
            int n = file.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length, end - position)), position);
            if (n < 0) {
                throw new IOException("file shrank while its delta was computed");
            }
            position += n;
            return n;
        }
    }

    /**
     * The delta of the second half, made on its own thread and kept until the first half is written: copy
     * instructions, literal chunks (bounded in all by {@link #QUEUED_LITERAL}), then the end or the failure.
     */
    private static final class Queued implements DeltaSink {
        private static final Object END = new Object();
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private final Semaphore room = new Semaphore(QUEUED_LITERAL);

        private record Copy(int firstBlock, int count) {
        }

        /** Runs on the worker thread: encodes {@code in} into this queue. */
        void fill(DeltaEncoder encoder, InputStream in) {
            try {
                encoder.run(in, this);
                end();
            } catch (IOException | RuntimeException e) {
                queue.add(e);
            }
        }

        @Override
        public void copy(int firstBlock, int count) {
            queue.add(new Copy(firstBlock, count));
        }

        @Override
        public void literal(byte[] buffer, int offset, int length) throws IOException {
            try {
                room.acquire(Math.min(length, QUEUED_LITERAL));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("the first half of the delta failed");
            }
            queue.add(Arrays.copyOfRange(buffer, offset, offset + length));
        }

        @Override
        public void end() {
            queue.add(END);
        }

        /** Passes the queued delta on to {@code sink} as it comes, up to its end (not passed on). */
        void drainInto(DeltaSink sink) throws IOException {
            while (true) {
                Object next;
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while the delta was computed");
                }
                if (next == END) {
                    return;
                } else if (next instanceof Copy copy) {
                    sink.copy(copy.firstBlock(), copy.count());
                } else if (next instanceof byte[] literal) {
                    sink.literal(literal, 0, literal.length);
                    room.release(Math.min(literal.length, QUEUED_LITERAL));
                } else if (next instanceof IOException e) {
                    throw new IOException(e.getMessage(), e);
                } else {
                    throw new IllegalStateException("encoding the second half of a delta failed", (Throwable) next);
                }
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
