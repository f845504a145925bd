package io.kaizen.backup.process;

import io.kaizen.backup.KaizenException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.commons.io.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command, without a shell, to completion: the only place that starts a process. Its stdout goes to a
 * stream, straight into a file, or (for a server speaking over this process's own stdin and stdout) is this
 * process's; the tail of its stderr is kept for the message. Every child but a cleanup ({@link #runCleanup}) carries
 * this run's {@link RunTag} in its environment and is known, while it lives, to {@link #stopAll}, the shutdown path
 * of {@link Interruption}.
 */
public final class ChildProcess {
    private static final int STDERR_TAIL = 16 * 1024;
    /** Pipe reads of this size: dumps of many GB pass through here. */
    private static final int PUMP_BUFFER = 1 << 16;
    /** How long the rest of a stderr is waited for once the process ended (a descendant may hold it open). */
    private static final long STDERR_WAIT_MILLIS = 10_000;
    private static final ProcessBuilder.Redirect NO_INPUT = ProcessBuilder.Redirect.from(new File("/dev/null"));
    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    /** The children running now; guarded by itself, as is {@link #stopping}. */
    private static final Set<Process> LIVE = new HashSet<>();
    private static boolean stopping;

    private ChildProcess() {
    }

    /**
     * How a command ended: its exit code, the last part of its stderr, whether it was killed for time, and the
     * first error writing its stdout (null: none), after which the rest of its output was read and dropped so the
     * command could finish.
     */
    public record Outcome(int exitCode, String stderr, boolean timedOut, IOException outputError) {
        public Outcome(int exitCode, String stderr) {
            this(exitCode, stderr, false, null);
        }

        public boolean succeeded() {
            return exitCode == 0 && !timedOut && outputError == null;
        }

        /** The last non-blank line of stderr, or a note that there was none. */
        public String lastError() {
            return lastErrors(1);
        }

        /**
         * The last {@code count} non-blank lines of stderr joined with " / " (clients such as libpq put the reason
         * on one line and a hint on the next), or a note that there was none.
         */
        public String lastErrors(int count) {
            List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            return lines.isEmpty() ? "(no message on stderr)"
                    : String.join(" / ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        }
    }

    /**
     * Runs {@code argv} with stdout copied to {@code stdout}. A command that cannot be started at all (not
     * installed) is a {@link KaizenException}; a non-zero exit is an {@link Outcome}.
     */
    public static Outcome run(List<String> argv, OutputStream stdout) {
        return run(argv, Map.of(), null, stdout, null);
    }

    /**
     * Runs {@code argv} with {@code extraEnv} added to this process's environment, {@code stdin} (a file, or
     * null for none) as its standard input and stdout copied to {@code stdout}. With a {@code timeout} (null:
     * none) the command and its descendants are killed when it runs longer, and the outcome says so.
     */
    public static Outcome run(List<String> argv, Map<String, String> extraEnv, Path stdin, OutputStream stdout,
                              Duration timeout) {
        LOG.debug("running {}", argv);
        ProcessBuilder builder = builder(argv, extraEnv)
                .redirectInput(stdin == null ? NO_INPUT : ProcessBuilder.Redirect.from(stdin.toFile()));
        Process process = start(builder, argv);
        try {
            TailBuffer stderr = new TailBuffer(STDERR_TAIL);
            Thread drain = copyInBackground(process.getErrorStream(), stderr, "kaizen-stderr");
            GuardedOutput out = new GuardedOutput(stdout);
            Thread pump = copyInBackground(process.getInputStream(), out, "kaizen-pump");
            boolean timedOut = await(process, timeout, argv);
            join(pump, 0, process, argv);
            join(drain, STDERR_WAIT_MILLIS, process, argv);
            out.flushQuietly();
            return new Outcome(process.exitValue(), stderr.text(), timedOut, out.error);
        } finally {
            forget(process);
        }
    }

    /**
     * Runs {@code argv} with its stdout going straight into {@code stdoutFile} (created or truncated): the child
     * writes the file itself, with no pipe and no copy through this process, which matters for dumps of many GB
     * on a busy machine. With a {@code timeout} (null: none) the command and its descendants are killed when it
     * runs longer. A command that cannot be started is a {@link KaizenException}.
     */
    public static Outcome runToFile(List<String> argv, Map<String, String> extraEnv, Path stdoutFile, Duration timeout) {
        LOG.debug("running {} > {}", argv, stdoutFile);
        ProcessBuilder builder = builder(argv, extraEnv).redirectInput(NO_INPUT)
                .redirectOutput(ProcessBuilder.Redirect.to(stdoutFile.toFile()));
        Process process = start(builder, argv);
        try {
            TailBuffer stderr = new TailBuffer(STDERR_TAIL);
            Thread drain = copyInBackground(process.getErrorStream(), stderr, "kaizen-stderr");
            boolean timedOut = await(process, timeout, argv);
            join(drain, STDERR_WAIT_MILLIS, process, argv);
            return new Outcome(process.exitValue(), stderr.text(), timedOut, null);
        } finally {
            forget(process);
        }
    }

    /**
     * Runs {@code argv} on this process's own stdin, stdout and stderr (the child reads and writes them itself:
     * an rsync server speaking to the SSH session) and returns its exit code. Interrupted, the child is killed
     * and this is a {@link KaizenException}, as is a command that cannot be started.
     */
    public static int runAttached(List<String> argv) {
        LOG.debug("running {} on this process's stdin and stdout", argv);
        Process process = start(new ProcessBuilder(argv).inheritIO(), argv);
        try {
            await(process, null, argv);
            return process.exitValue();
        } finally {
            forget(process);
        }
    }

    /**
     * Runs a short command that undoes what a run set up (unmounting, removing a volume snapshot), with
     * {@code extraEnv} added to this process's environment and stdout and stderr together as the outcome's
     * {@code stderr}, killed after {@code timeout}. Unlike every other child it also starts while this process is
     * being stopped ({@link Interruption}): that is when an interruption's recorder needs it. It carries no
     * {@link RunTag}, so the stop's sweep of tagged processes never kills an undoing half-way (a cleanup started by
     * the run's own thread just as the signal came). A command that cannot be started is a {@link KaizenException}.
     */
    public static Outcome runCleanup(List<String> argv, Map<String, String> extraEnv, Duration timeout) {
        LOG.debug("running {} (cleanup)", argv);
        ProcessBuilder builder = builder(argv, extraEnv).redirectInput(NO_INPUT).redirectErrorStream(true);
        builder.environment().remove(RunTag.VARIABLE);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new KaizenException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
        TailBuffer output = new TailBuffer(STDERR_TAIL);
        Thread drain = copyInBackground(process.getInputStream(), output, "kaizen-cleanup");
        try {
            boolean timedOut = !process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (timedOut) {
                kill(process);
                process.waitFor();
            }
            drain.join(STDERR_WAIT_MILLIS);
            return new Outcome(process.exitValue(), output.text(), timedOut, null);
        } catch (InterruptedException e) {
            throw interrupted(process, argv, e);
        }
    }

    private static ProcessBuilder builder(List<String> argv, Map<String, String> extraEnv) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(extraEnv);
        return builder;
    }

    /** Starts a child tagged with this run's {@link RunTag} and registers it as live, unless stopping. */
    private static Process start(ProcessBuilder builder, List<String> argv) {
        builder.environment().put(RunTag.VARIABLE, RunTag.own());
        synchronized (LIVE) {
            if (!stopping) {
                try {
                    Process process = builder.start();
                    LIVE.add(process);
                    return process;
                } catch (IOException e) {
                    throw new KaizenException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
                }
            }
        }
        throw awaitExit();
    }

    private static void forget(Process process) {
        boolean exiting;
        synchronized (LIVE) {
            LIVE.remove(process);
            exiting = stopping;
        }
        if (exiting) {
            throw awaitExit();
        }
    }

    /**
     * Once this process is being stopped ({@link #stopAll}), a thread whose child was stopped, or that would start
     * one, waits here for the process to exit: it must not go on to report a failure that is the interruption's,
     * nor release the store's lock before the interruption is recorded. Never returns.
     */
    private static IllegalStateException awaitExit() {
        while (true) {
            LockSupport.park();
        }
    }

    /**
     * The shutdown path of a process about to exit: from now on no child starts (threads that want one, or whose
     * child ended, wait for the exit); every live child and its descendants get SIGTERM, and
     * those still running after {@code grace} SIGKILL, as does any other process carrying this run's tag (a
     * descendant that was re-parented). Waits for them to end (at most {@code grace} again after SIGKILL) and
     * returns those that did not.
     */
    static List<ProcessHandle> stopAll(Duration grace) {
        List<ProcessHandle> targets = new ArrayList<>();
        synchronized (LIVE) {
            stopping = true;
            for (Process process : LIVE) {
                targets.add(process.toHandle());
                process.descendants().forEach(targets::add);
            }
        }
        targets.forEach(ProcessHandle::destroy);
        Set<ProcessHandle> left = new HashSet<>(awaitEnd(targets, grace));
        left.addAll(RunTag.tagged(RunTag.own()));
        left.forEach(ProcessHandle::destroyForcibly);
        return awaitEnd(List.copyOf(left), grace);
    }

    /** Waits up to {@code limit} in all for the processes to end; returns those still alive. */
    private static List<ProcessHandle> awaitEnd(List<ProcessHandle> processes, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return processes.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** Copies {@code in} to {@code out} on a daemon thread until the end of {@code in} (the child closed it). */
    private static Thread copyInBackground(InputStream in, OutputStream out, String name) {
        Thread thread = new Thread(() -> {
            try (in) {
                IOUtils.copyLarge(in, out, new byte[PUMP_BUFFER]);
            } catch (IOException e) {
                // the process is gone; what was read is kept
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Waits for the process to end; past {@code timeout} (null: none) kills it and its descendants. Returns whether
     * it was killed for time.
     */
    private static boolean await(Process process, Duration timeout, List<String> argv) {
        try {
            if (timeout == null) {
                process.waitFor();
                return false;
            }
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            kill(process);
            process.waitFor();
            return true;
        } catch (InterruptedException e) {
            throw interrupted(process, argv, e);
        }
    }

    /** Waits for a copying thread to finish ({@code millis} 0: however long it takes). */
    private static void join(Thread thread, long millis, Process process, List<String> argv) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            throw interrupted(process, argv, e);
        }
    }

    private static KaizenException interrupted(Process process, List<String> argv, InterruptedException e) {
        kill(process);
        Thread.currentThread().interrupt();
        return new KaizenException("interrupted while running " + argv.get(0), e);
    }

    /** Kills the process and its descendants (a dump client's own children hold its output open). */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Passes output on until a write fails (disk full), then remembers the error and drops the rest: the pump
     * thread swallows exceptions, and a pump that stopped reading would leave the command blocked on a full pipe.
     */
    private static final class GuardedOutput extends OutputStream {
        private final OutputStream target;
        private volatile IOException error;

        GuardedOutput(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (error != null) {
                return;
            }
            try {
                target.write(b, off, len);
            } catch (IOException e) {
                error = e;
            }
        }

        void flushQuietly() {
            if (error == null) {
                try {
                    target.flush();
                } catch (IOException e) {
                    error = e;
                }
            }
        }
    }
}
