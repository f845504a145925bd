package io.kaizen.backup.remote.agent;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Cuts agent sessions that make no progress, so a node that stops answering, or answers too slowly, fails on its
 * own. Progress is payload: the data the node sends in DATA frames plus what the collector sends, never frame
 * headers (a stream of empty or tiny frames does not count as data). A session is cut when it makes no progress
 * for longer than the idle limit; when, once it is older than the idle limit, it has moved less than the minimum
 * rate on average since it started; and when it is older than the deadline. Measures with the monotonic
 * {@link System#nanoTime()}.
 */
public final class IdleWatchdog implements AutoCloseable {
    /** Why a session was cut. */
    public enum Cut { IDLE, SLOW, DEADLINE }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kaizen-idle-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration limit;
    private final Duration deadline;
    private final long minRate;

    /**
     * @param limit    the longest stretch without progress
     * @param deadline the longest a session may last
     * @param minRate  the least average progress, in bytes per second, of a session older than {@code limit}
     *                 (0: none)
     */
    public IdleWatchdog(Duration limit, Duration deadline, long minRate) {
        this.limit = limit;
        this.deadline = deadline;
        this.minRate = minRate;
    }

    /** Watches {@code session} until the returned handle is closed; {@code cut} tells whether and why it was cut. */
    public Watch watch(AgentSession session) {
        Watch watch = new Watch(session);
        long period = Math.max(50, Math.min(1000, Math.min(limit.toMillis(), deadline.toMillis()) / 4));
        watch.future = timer.scheduleAtFixedRate(watch::check, period, period, TimeUnit.MILLISECONDS);
        return watch;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One watched session. */
    public final class Watch implements AutoCloseable {
        private final AgentSession session;
        private final AtomicReference<Cut> cut = new AtomicReference<>();
        private final long started = System.nanoTime();
        private long lastProgress = -1;
        private long lastChange = started;
        private ScheduledFuture<?> future;

        Watch(AgentSession session) {
            this.session = session;
        }

        private synchronized void check() {
            long progress = session.client().payloadReceived() + session.client().bytesSent();
            long now = System.nanoTime();
            if (progress != lastProgress) {
                lastProgress = progress;
                lastChange = now;
            }
            long age = now - started;
            Cut why = now - lastChange > limit.toNanos() ? Cut.IDLE
                    : age > deadline.toNanos() ? Cut.DEADLINE
                    : age > limit.toNanos() && progress < minRate * (age / 1_000_000_000.0) ? Cut.SLOW
                    : null;
            if (why != null && cut.compareAndSet(null, why)) {
                session.abort();
            }
        }

        /** Why the session was cut, or null if it was not. */
        public Cut cut() {
            return cut.get();
        }

        @Override
        public void close() {
            if (future != null) {
                future.cancel(false);
            }
        }
    }
}
