package io.kaizen.backup.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What happens when this process is told to stop (SIGTERM, SIGINT, SIGHUP): {@link #interrupt} stops every live
 * child ({@link ChildProcess#stopAll}) and then lets each registered {@link Recorder} record its interrupted run,
 * so that nothing of the run still writes when it is recorded. Whoever catches the signal (the command line)
 * prints and exits; core only stops and records. Only for a process that exits afterwards: a thread whose child
 * was stopped, or that would start one, waits for that exit.
 */
public final class Interruption {
    /** How long children get between SIGTERM and SIGKILL (rsync removes its temporary file on SIGTERM). */
    public static final Duration GRACE = Duration.ofSeconds(5);

    private static final List<Recorder> RECORDERS = new ArrayList<>();
    private static volatile Signal current;

    private Interruption() {
    }

    /** A signal by name and number; a process ended by it exits {@code 128 + number} by convention. */
    public record Signal(String name, int number) {
        public Signal {
            Objects.requireNonNull(name, "name");
        }

        public int exitCode() {
            return 128 + number;
        }
    }

    /**
     * Records a run as interrupted once its children are stopped. Called on the thread that handles the signal,
     * while the run's own threads may still be running; returns what it recorded (for the one line the command
     * prints), or null when the run had already ended. Must not throw.
     */
    @FunctionalInterface
    public interface Recorder {
        String record(Signal signal);
    }

    /** A recorder's registration; closing it removes the recorder. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** The signal this process is being stopped by, if any. */
    public static Optional<Signal> current() {
        return Optional.ofNullable(current);
    }

    public static Registration register(Recorder recorder) {
        synchronized (RECORDERS) {
            RECORDERS.add(recorder);
        }
        return () -> {
            synchronized (RECORDERS) {
                RECORDERS.remove(recorder);
            }
        };
    }

    /**
     * Stops every live child and refuses new ones, then runs every registered recorder. Returns what they
     * recorded, and, last, a note on children that survived SIGKILL (none in practice).
     */
    public static List<String> interrupt(Signal signal) {
        current = signal;
        List<ProcessHandle> survivors = ChildProcess.stopAll(GRACE);
        List<Recorder> recorders;
        synchronized (RECORDERS) {
            recorders = List.copyOf(RECORDERS);
        }
        List<String> recorded = new ArrayList<>();
        for (Recorder recorder : recorders) {
            String what = recorder.record(signal);
            if (what != null) {
                recorded.add(what);
            }
        }
        if (!survivors.isEmpty()) {
            recorded.add("children still running after SIGKILL: pids "
                    + survivors.stream().map(p -> Long.toString(p.pid())).toList());
        }
        return recorded;
    }
}
