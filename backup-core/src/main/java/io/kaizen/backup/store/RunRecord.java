package io.kaizen.backup.store;

import io.kaizen.backup.process.Interruption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The last-run record of one run, written once: the run's own result, or, when its process is being interrupted
 * (a signal, see {@link Interruption}), the interruption. The run's threads and the thread that handles the signal
 * may both get here first, in either order: a result that arrives while the process is being interrupted is
 * recorded as the interruption, since the run failed because its children were stopped.
 */
public final class RunRecord {
    private final SnapshotStore store;
    private final String host;
    private final Instant started;
    private final Clock clock;
    private boolean written;
    private boolean interrupted;

    public RunRecord(SnapshotStore store, String host, Instant started, Clock clock) {
        this.store = store;
        this.host = host;
        this.started = started;
        this.clock = clock;
    }

    /** Records the run's result, unless recorded already; the interruption instead while there is one. */
    public synchronized void result(LastRun run) throws IOException {
        if (written) {
            return;
        }
        written = true;
        Optional<Interruption.Signal> signal = Interruption.current();
        interrupted = signal.isPresent();
        store.writeLastRun(signal.map(s -> LastRun.interrupted(host, started, clock.instant(), s)).orElse(run));
    }

    /**
     * Records the run ({@code what}, e.g. "snapshot 2026-12-03 of /backups") as interrupted by {@code signal},
     * unless recorded already; says what it recorded, or null when the run had ended by itself before.
     */
    public synchronized String interrupted(Interruption.Signal signal, String what) {
        if (!written) {
            written = true;
            interrupted = true;
            try {
                store.writeLastRun(LastRun.interrupted(host, started, clock.instant(), signal));
            } catch (IOException | UncheckedIOException e) {
                return what + " stopped; could not record it in " + store.lastRunFile() + ": " + e.getMessage();
            }
        }
        return interrupted ? what + " stopped and recorded as interrupted in " + store.lastRunFile() : null;
    }
}
