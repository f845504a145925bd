package io.kaizen.backup.remote.agent;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cuts agent sessions that stay silent (no byte in either direction) for longer than a limit, so a node that
 * stops answering mid-transfer fails on its own. Measures with the monotonic {@link System#nanoTime()}.
 */
public final class IdleWatchdog implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kaizen-idle-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration limit;

    public IdleWatchdog(Duration limit) {
        this.limit = limit;
    }

    /** Watches {@code session} until the returned handle is closed; {@code tripped} tells whether it was cut. */
    public Watch watch(AgentSession session) {
        Watch watch = new Watch(session);
        long period = Math.max(50, Math.min(1000, limit.toMillis() / 4));
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
        private final AtomicBoolean tripped = new AtomicBoolean();
        private long lastBytes = -1;
        private long lastChange = System.nanoTime();
        private ScheduledFuture<?> future;

        Watch(AgentSession session) {
            this.session = session;
        }

        private synchronized void check() {
            long bytes = session.client().bytesReceived() + session.client().bytesSent();
            long now = System.nanoTime();
            if (bytes != lastBytes) {
                lastBytes = bytes;
                lastChange = now;
            } else if (now - lastChange > limit.toNanos() && tripped.compareAndSet(false, true)) {
                session.abort();
            }
        }

        public boolean tripped() {
            return tripped.get();
        }

        @Override
        public void close() {
            if (future != null) {
                future.cancel(false);
            }
        }
    }
}
