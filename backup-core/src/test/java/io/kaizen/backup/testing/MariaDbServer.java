package io.kaizen.backup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway MariaDB server: {@code mariadb-install-db} into a fresh directory under /tmp owned by the
 * {@code mysql} user, {@code mariadbd} started as a child of this JVM with its socket in that directory and TCP
 * on a free port of 127.0.0.1. root logs in by unix socket (as the OS root user). {@link #close()} stops it and
 * removes its files.
 */
public final class MariaDbServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private MariaDbServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static MariaDbServer start() {
        Path dir = Commands.ownedTempDir("kaizen-maria", "mysql");
        try {
            Commands.run(List.of("mariadb-install-db", "--no-defaults", "--user=mysql", "--datadir=" + dir.resolve("data"),
                    "--auth-root-authentication-method=socket", "--skip-test-db"), Map.of(), null, 180);
            MariaDbServer server = new MariaDbServer(dir, Ports.free());
            server.startAgain();
            return server;
        } catch (RuntimeException e) {
            Commands.removeTree(dir);
            throw e;
        }
    }

    /**
     * Starts a server on a data directory made elsewhere (a restored backup): {@code dataDir} is moved into a
     * fresh directory owned by {@code mysql}, given to that user, and served from there.
     */
    public static MariaDbServer startOn(Path dataDir) {
        Path dir = Commands.ownedTempDir("kaizen-maria", "mysql");
        try {
            Files.move(dataDir, dir.resolve("data"));
            Commands.run("chown", "-R", "mysql:", dir.resolve("data").toString());
            MariaDbServer server = new MariaDbServer(dir, Ports.free());
            server.startAgain();
            return server;
        } catch (IOException | RuntimeException e) {
            Commands.removeTree(dir);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Starts the (stopped) server again on the same socket and port. */
    public void startAgain() {
        try {
            process = new ProcessBuilder("mariadbd", "--no-defaults", "--user=mysql", "--datadir=" + dir.resolve("data"),
                    "--socket=" + socket(), "--port=" + port, "--bind-address=127.0.0.1", "--pid-file=" + dir.resolve("pid"),
                    "--log-error=" + dir.resolve("error.log"), "--innodb-buffer-pool-size=64M", "--skip-log-bin",
                    "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Commands.tryRun(List.of("mariadb-admin", "--no-defaults", "-S", socket().toString(), "-uroot", "ping"),
                    Map.of(), null, 10).exitCode() != 0) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("mariadbd did not start: " + Files.readString(dir.resolve("error.log")));
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Shuts the server down; {@link #startAgain()} brings it back. */
    public void stop() {
        if (process != null && process.isAlive()) {
            Commands.tryRun(List.of("mariadb-admin", "--no-defaults", "-S", socket().toString(), "-uroot", "shutdown"),
                    Map.of(), null, 60);
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    Commands.stopTree(process.toHandle());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Commands.stopTree(process.toHandle());
            }
        }
        process = null;
    }

    public Path socket() {
        return dir.resolve("mysqld.sock");
    }

    public int port() {
        return port;
    }

    /** Runs SQL as root; returns the batch output without column names. */
    public String sql(String sql) {
        return Commands.run(List.of("mariadb", "--no-defaults", "-S", socket().toString(), "-uroot", "-N", "-B", "-e", sql),
                Map.of(), null, 120).strip();
    }

    /** Writes a client defaults file (mode 0600) for {@code user}/{@code password} on this server's socket. */
    public Path defaultsFile(Path file, String user, String password) {
        try {
            Files.writeString(file, "[client]\nsocket=" + socket() + "\nuser=" + user
                    + (password == null ? "" : "\npassword=" + password) + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client session as root whose stdin takes statements. */
    public ClientSession session() {
        return ClientSession.start(List.of("mariadb", "--no-defaults", "-S", socket().toString(), "-uroot"));
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            Commands.removeTree(dir);
        }
    }
}
