package io.kaizen.backup.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A throwaway PostgreSQL 15 cluster: {@code initdb} as the {@code postgres} user into a fresh directory under
 * /tmp, started with {@code pg_ctl} on a free port of 127.0.0.1 with its socket in that directory. Local
 * connections use peer authentication (OS user postgres = role postgres), TCP ones scram-sha-256 passwords.
 * Durability is off ({@code fsync=off}): it is a test server. {@link #close()} stops it and removes its files.
 */
public final class PostgresServer implements AutoCloseable {
    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path dir;
    private final int port;
    private boolean running;

    private PostgresServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static PostgresServer start() {
        Path dir = Commands.ownedTempDir("kaizen-pg", "postgres");
        try {
            asPostgres(List.of(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                    "-A", "peer", "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8", "--locale=C"));
            PostgresServer server = new PostgresServer(dir, Ports.free());
            server.startAgain();
            return server;
        } catch (RuntimeException e) {
            Commands.removeTree(dir);
            throw e;
        }
    }

    /** Starts the (stopped) server again on the same port. */
    public void startAgain() {
        asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
                "-l", dir.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
                "start"));
        running = true;
    }

    /** Stops the server (fast shutdown); {@link #startAgain()} brings it back. */
    public void stop() {
        if (running) {
            asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
                    "-m", "fast", "stop"));
            running = false;
        }
    }

    /** The socket directory: what {@code host:} names for a local connection. */
    public Path socketDir() {
        return dir;
    }

    public int port() {
        return port;
    }

    /** Runs SQL as the postgres role in {@code database}; returns psql's unaligned, tuples-only output. */
    public String sql(String database, String sql) {
        return asPostgres(psql(database, "-A", "-t", "-c", sql)).strip();
    }

    /** A psql session as postgres whose stdin takes statements (e.g. a writer running during a dump). */
    public ClientSession session(String database) {
        List<String> argv = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        argv.addAll(psql(database, "-q"));
        return ClientSession.start(argv);
    }

    private List<String> psql(String database, String... options) {
        List<String> argv = new ArrayList<>(List.of(BIN.resolve("psql").toString(), "-X", "-v", "ON_ERROR_STOP=1",
                "-h", dir.toString(), "-p", Integer.toString(port), "-d", database));
        argv.addAll(List.of(options));
        return argv;
    }

    private static String asPostgres(List<String> argv) {
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(argv);
        return Commands.run(wrapped, Map.of(), null, 120);
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
