package io.kaizen.backup.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A database client process (psql, mariadb) fed statements on its stdin, e.g. a writer running during a dump. */
public final class ClientSession implements AutoCloseable {
    private final Process process;
    private final OutputStream in;

    private ClientSession(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
    }

    static ClientSession start(List<String> argv) {
        try {
            return new ClientSession(new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends statements (a newline is added). */
    public void send(String statements) {
        try {
            in.write((statements + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the client session ended: " + e.getMessage(), e);
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Ends the input and waits for the client to finish what it was sent (killed after 20 s). */
    @Override
    public void close() {
        try {
            in.close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                Commands.stopTree(process.toHandle());
            }
        } catch (IOException e) {
            Commands.stopTree(process.toHandle());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Commands.stopTree(process.toHandle());
        }
    }
}
