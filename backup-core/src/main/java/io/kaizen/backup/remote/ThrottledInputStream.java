package io.kaizen.backup.remote;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.function.LongSupplier;

/**
 * A token bucket over an input stream: at most {@code bytesPerSecond} on average, in bursts of at most a tenth of a
 * second's worth. Reads first and pays after, sleeping off any debt, so no read blocks longer than one burst's
 * worth of time beyond the stream's own wait. Measures with a monotonic nanosecond counter (never the wall clock).
 */
final class ThrottledInputStream extends FilterInputStream {
    /** Sleeps for a number of nanoseconds. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private final long bytesPerSecond;
    private final int burst;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private double tokens;
    private long refilled;

    ThrottledInputStream(InputStream in, long bytesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        super(in);
        this.bytesPerSecond = bytesPerSecond;
        this.burst = (int) Math.max(1, Math.min(1 << 20, bytesPerSecond / 10));
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.tokens = burst;
        this.refilled = nanoTime.getAsLong();
    }

    static void sleepNanos(long nanos) throws InterruptedException {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            pay(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, Math.min(len, burst));
        if (n > 0) {
            pay(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, burst));
        pay(skipped);
        return skipped;
    }

    private void pay(long bytes) throws InterruptedIOException {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - refilled) * (double) bytesPerSecond / NANOS_PER_SECOND);
        refilled = now;
        tokens -= bytes;
        if (tokens < 0) {
            try {
                sleeper.sleep((long) Math.ceil(-tokens * NANOS_PER_SECOND / bytesPerSecond));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while throttled");
            }
        }
    }
}
