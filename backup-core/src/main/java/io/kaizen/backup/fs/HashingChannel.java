package io.kaizen.backup.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.util.function.LongFunction;

/**
 * Writes everything it is given to a channel while computing its SHA-256, so a file written is hashed without
 * being read again, and refuses to write more than a limit (what a peer listed for the file). It hashes the
 * caller's buffer in place: no copy, and the caller's buffer size is what reaches the disk.
 */
public final class HashingChannel implements WritableByteChannel {
    private final WritableByteChannel out;
    private final MessageDigest digest;
    private final long limit;
    private final LongFunction<? extends RuntimeException> overLimit;
    private long written;

    private HashingChannel(WritableByteChannel out, MessageDigest digest, long limit,
                           LongFunction<? extends RuntimeException> overLimit) {
        this.out = out;
        this.digest = digest;
        this.limit = limit;
        this.overLimit = overLimit;
        digest.reset();
    }

    /**
     * Hashes into {@code digest} (reset first; a caller may reuse one per thread) with no limit on the size.
     */
    public static HashingChannel unbounded(WritableByteChannel out, MessageDigest digest) {
        return new HashingChannel(out, digest, Long.MAX_VALUE, limit -> new IllegalStateException("no limit"));
    }

    /**
     * Hashes with a fresh digest; a write that would pass {@code limit} bytes in all writes nothing and throws
     * what {@code overLimit} makes of the limit.
     */
    public static HashingChannel bounded(WritableByteChannel out, long limit, LongFunction<? extends RuntimeException> overLimit) {
        return new HashingChannel(out, Sha256.digest(), limit, overLimit);
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        int n = source.remaining();
        if (n > limit - written) {
            throw overLimit.apply(limit);
        }
        digest.update(source.duplicate());
        while (source.hasRemaining()) {
            out.write(source);
        }
        written += n;
        return n;
    }

    /** Bytes written so far. */
    public long written() {
        return written;
    }

    /** The SHA-256 of what was written (call once, at the end). */
    public byte[] digest() {
        return digest.digest();
    }

    @Override
    public boolean isOpen() {
        return out.isOpen();
    }

    /** Leaves the channel written to open: its owner closes it. */
    @Override
    public void close() {
    }
}
