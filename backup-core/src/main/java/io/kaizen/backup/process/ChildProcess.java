package io.kaizen.backup.process;

import io.kaizen.backup.KaizenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.StreamPumper;
import org.apache.commons.exec.environment.EnvironmentUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one command, without a shell, to completion. */
public final class ChildProcess {
    private static final int STDERR_TAIL = 16 * 1024;
    /** Pipe reads of this size: dumps of many GB pass through here. */
    private static final int PUMP_BUFFER = 1 << 16;
    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

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

        /**
         * The first stderr line that starts with {@code prefix} (a tool's own error line names the cause; the
         * lines after it are often consequences, such as a broken pipe), else {@link #lastError()}.
         */
        public String firstError(String prefix) {
            return stderr.lines().filter(line -> line.startsWith(prefix)).findFirst().map(String::strip)
                    .orElseGet(this::lastError);
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
     * none) the command is killed when it runs longer, and the outcome says so.
     */
    public static Outcome run(List<String> argv, Map<String, String> extraEnv, Path stdin, OutputStream stdout,
                              Duration timeout) {
        LOG.debug("running {}", argv);
        CommandLine command = new CommandLine(argv.get(0));
        argv.subList(1, argv.size()).forEach(arg -> command.addArgument(arg, false));
        TailBuffer stderr = new TailBuffer(STDERR_TAIL);
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setExitValues(null);
        ExecuteWatchdog watchdog = null;
        if (timeout != null) {
            watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
            executor.setWatchdog(watchdog);
        }
        GuardedOutput out = new GuardedOutput(stdout);
        try (InputStream input = stdin == null ? null : Files.newInputStream(stdin)) {
            executor.setStreamHandler(new LargePumps(out, stderr, input));
            Map<String, String> env = null;
            if (!extraEnv.isEmpty()) {
                env = new HashMap<>(EnvironmentUtils.getProcEnvironment());
                env.putAll(extraEnv);
            }
            int exit;
            try {
                exit = executor.execute(command, env);
            } catch (ExecuteException e) {
                exit = e.getExitValue();
            }
            out.flushQuietly();
            return new Outcome(exit, stderr.text(), watchdog != null && watchdog.killedProcess(), out.error);
        } catch (IOException e) {
            throw new KaizenException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
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
        ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.to(stdoutFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(extraEnv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new KaizenException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
        TailBuffer stderr = new TailBuffer(STDERR_TAIL);
        Thread drain = new Thread(() -> {
            try (InputStream err = process.getErrorStream()) {
                err.transferTo(stderr);
            } catch (IOException e) {
                // the process is gone; what was read is kept
            }
        }, "kaizen-stderr");
        drain.setDaemon(true);
        drain.start();
        boolean timedOut = false;
        try {
            if (timeout == null) {
                process.waitFor();
            } else if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                timedOut = true;
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
            }
            drain.join(10_000);
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new KaizenException("interrupted while running " + argv.get(0), e);
        }
        return new Outcome(process.exitValue(), stderr.text(), timedOut, null);
    }

    /** Pumps with a buffer fit for gigabytes (commons-exec's default reads 1 KiB at a time). */
    private static final class LargePumps extends PumpStreamHandler {
        LargePumps(OutputStream out, OutputStream err, InputStream input) {
            super(out, err, input);
        }

        @Override
        protected Thread createPump(InputStream is, OutputStream os, boolean closeWhenExhausted) {
            Thread pump = new Thread(new StreamPumper(is, os, closeWhenExhausted, PUMP_BUFFER), "kaizen-pump");
            pump.setDaemon(true);
            return pump;
        }
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
