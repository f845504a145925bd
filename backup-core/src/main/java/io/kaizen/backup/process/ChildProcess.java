package io.kaizen.backup.process;

import io.kaizen.backup.KaizenException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.PumpStreamHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one command, without a shell, to completion. */
public final class ChildProcess {
    private static final int STDERR_TAIL = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

    private ChildProcess() {
    }

    /** How a command ended: its exit code and the last part of its stderr. */
    public record Outcome(int exitCode, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }

        /** The last non-blank line of stderr, or a note that there was none. */
        public String lastError() {
            String[] lines = stderr.strip().split("\n");
            return lines.length == 0 || lines[lines.length - 1].isBlank()
                    ? "(no message on stderr)" : lines[lines.length - 1].strip();
        }
    }

    /**
     * Runs {@code argv} with stdout copied to {@code stdout}. A command that cannot be started at all (not
     * installed) is a {@link KaizenException}; a non-zero exit is an {@link Outcome}.
     */
    public static Outcome run(List<String> argv, OutputStream stdout) {
        LOG.debug("running {}", argv);
        CommandLine command = new CommandLine(argv.get(0));
        argv.subList(1, argv.size()).forEach(arg -> command.addArgument(arg, false));
        TailBuffer stderr = new TailBuffer();
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setExitValues(null);
        executor.setStreamHandler(new PumpStreamHandler(stdout, stderr));
        try {
            int exit = executor.execute(command);
            return new Outcome(exit, stderr.text());
        } catch (ExecuteException e) {
            return new Outcome(e.getExitValue(), stderr.text());
        } catch (IOException e) {
            throw new KaizenException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Keeps the last {@value #STDERR_TAIL} bytes written to it. */
    private static final class TailBuffer extends OutputStream {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            buffer.write(b);
            trim();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
            trim();
        }

        private void trim() {
            if (buffer.size() > 2 * STDERR_TAIL) {
                byte[] all = buffer.toByteArray();
                buffer.reset();
                buffer.write(all, all.length - STDERR_TAIL, STDERR_TAIL);
            }
        }

        synchronized String text() {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
