package io.kaizen.backup.cli;

import io.kaizen.backup.process.Interruption;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import sun.misc.Signal;

/**
 * SIGTERM (cron's timeout, a shutdown), SIGINT (Ctrl-C) and SIGHUP (a closed terminal) end a run cleanly:
 * {@link Interruption} stops the children (rsync, dump commands) and records each interrupted run in its store's
 * {@code .kaizen/last-run.json}; then one line on stderr names the signal and the run, and the process exits with
 * 128 + the signal's number (README.md, "Exit codes"). A second signal while the first is handled changes nothing.
 */
final class SignalHandling {
    private static final List<String> HANDLED = List.of("TERM", "INT", "HUP");
    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    private SignalHandling() {
    }

    static void install(PrintWriter err) {
        for (String name : HANDLED) {
            Signal.handle(new Signal(name), signal -> stop(new Interruption.Signal("SIG" + name, signal.getNumber()), err));
        }
    }

    /**
     * Exits with the command's code, unless a signal is being handled: then the run's end is the interruption's
     * (its threads saw their children stopped and failed), and the handler exits with the signal's code.
     */
    static void exit(int code) {
        if (STOPPING.get()) {
            while (true) {
                LockSupport.park();
            }
        }
        System.exit(code);
    }

    private static void stop(Interruption.Signal signal, PrintWriter err) {
        if (!STOPPING.compareAndSet(false, true)) {
            return;
        }
        List<String> recorded = Interruption.interrupt(signal);
        err.println("kaizen: interrupted by " + signal.name()
                + (recorded.isEmpty() ? "" : ": " + String.join("; ", recorded)) + " (exit " + signal.exitCode() + ")");
        err.flush();
        Runtime.getRuntime().halt(signal.exitCode());
    }
}
