package io.kaizen.backup.source;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.process.Programs;
import io.kaizen.backup.store.DumpFile;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SourceResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A PostgreSQL cluster: {@code pg_dumpall --globals-only} into {@code dumps/NAME/globals.sql} and one
 * {@code pg_dump -Fc} archive per database into {@code dumps/NAME/DATABASE.dump}, streamed straight into the
 * partial snapshot. Clients run as {@code osUser} (peer authentication), or with a password file; never with a
 * password on the command line. No {@code databases}: every database that accepts connections, templates
 * excluded.
 *
 * <p>Each file is checked: exit code, not empty, and its own completion evidence (the globals end with
 * pg_dumpall's "dump complete" line; an archive must read as a whole, header, table of contents and every data
 * block to its last byte ({@link CustomArchive}, in this process), and name the database; an archive version
 * that check does not know is read back with {@code pg_restore --list} instead). A file that fails a check is removed; the source then fails, and so does
 * the run, while the other databases' good dumps stay.
 */
public record PostgresqlSource(String name, String host, Integer port, String osUser, String user, Path passfile,
                               List<String> databases, Path binDir, Duration timeout) implements Source {
    public static final String GLOBALS = "globals.sql";
    public static final String ARCHIVE_SUFFIX = ".dump";
    static final String GLOBALS_MARKER = "PostgreSQL database cluster dump complete";
    /** How {@code pg_dump --version} names itself before the version an archive records. */
    static final String PG_DUMP_VERSION_PREFIX = "pg_dump (PostgreSQL) ";
    private static final String INSTALL_HINT = "apt-get install postgresql-client";

    public PostgresqlSource {
        DumpNames.check("postgresql", name);
        databases = databases == null ? List.of() : List.copyOf(databases);
        for (String database : databases) {
            if (database == null || database.isEmpty() || database.indexOf('\0') >= 0) {
                throw new ConfigException("postgresql " + name + ": empty or invalid database name in databases");
            }
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new ConfigException("postgresql " + name + ": port must be 1-65535, got " + port);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new ConfigException("postgresql " + name + ": timeout must be positive");
        }
    }

    @Override
    public String kind() {
        return "postgresql";
    }

    @Override
    public void preflight() {
        RunAs.checkPossible("postgresql", name, osUser);
        if (passfile != null && !Files.isRegularFile(passfile)) {
            throw new ConfigException("postgresql " + name + ": passfile " + passfile + " does not exist");
        }
        if (binDir != null && !Files.isExecutable(binDir.resolve("pg_dump"))) {
            throw new ConfigException("postgresql " + name + ": bin-dir " + binDir + " has no pg_dump");
        }
    }

    public PostgresqlCommands commands() {
        return new PostgresqlCommands(this);
    }

    /** The archive's file name for a database. */
    public static String archiveName(String database) {
        return DumpNames.fileNameFor(database) + ARCHIVE_SUFFIX;
    }

    @Override
    public SourceResult capture(CaptureContext context) {
        PostgresqlCommands pg = commands();
        List<DumpFile> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        DumpDirectory dir = null;
        try {
            dir = DumpDirectory.create(context.partial(), name);
            String pgDump = pg.program("pg_dump");
            if (!Programs.isRunnable(pgDump)) {
                throw new KaizenException(pgDump + " is not installed (" + INSTALL_HINT + ")");
            }
            List<String> chosen = databases.isEmpty() ? listDatabases(pg) : databases;
            DumpDirectory globalsDir = dir;
            CompletableFuture<Globals> globals = CompletableFuture.supplyAsync(() -> dumpGlobals(pg, globalsDir),
                    task -> new Thread(task, "pg_dumpall " + name).start());
            try {
                for (String database : chosen) {
                    dumpDatabase(pg, dir, database, files).ifPresent(problems::add);
                }
            } finally {
                Globals done = globals.join();
                done.file().ifPresent(file -> files.add(0, file));
                done.problem().ifPresent(problem -> problems.add(0, problem));
            }
        } catch (IOException | KaizenException e) {
            problems.add(e.getMessage());
        }
        if (dir != null) {
            dir.removeIfEmpty();
        }
        Optional<String> exposed = CredentialsFile.exposure("passfile", passfile);
        return problems.isEmpty()
                ? new SourceResult(kind(), name, exposed.isPresent() ? RunStatus.WARNINGS : RunStatus.SUCCEEDED,
                        exposed.orElse(null), files, null, null)
                : new SourceResult(kind(), name, RunStatus.FAILED, String.join("; ", problems), files, null, null);
    }

    private List<String> listDatabases(PostgresqlCommands pg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChildProcess.Outcome outcome = ChildProcess.run(pg.listDatabases(), pg.environment(), null, out,
                timeout == null ? Duration.ofMinutes(5) : timeout);
        if (!outcome.succeeded()) {
            throw new KaizenException("listing the databases failed: psql "
                    + (outcome.timedOut() ? "timed out" : "exited with " + outcome.exitCode()) + ": " + outcome.lastErrors(3));
        }
        List<String> names = Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\0"))
                .map(s -> s.replaceAll("^\n+|\n+$", "")).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new KaizenException("the server lists no database to dump");
        }
        return names;
    }

    /** The globals' dump file, or what went wrong with it. */
    private record Globals(Optional<DumpFile> file, Optional<String> problem) {
    }

    /**
     * Dumps the globals (run beside the databases' dumps: the two are independent), or says what went wrong (and
     * removes the incomplete file).
     */
    private Globals dumpGlobals(PostgresqlCommands pg, DumpDirectory dir) {
        try {
            String tool = ToolVersion.of(pg.program("pg_dumpall"), INSTALL_HINT);
            DumpDirectory.Streamed globals = dir.stream(GLOBALS, pg.dumpGlobals(), pg.environment(), timeout);
            Optional<String> problem = globals.problem("pg_dumpall --globals-only");
            if (problem.isEmpty() && !DumpScanner.of(dir.file(GLOBALS), List.of()).endsWithLineContaining(GLOBALS_MARKER)) {
                problem = Optional.of("pg_dumpall --globals-only output lacks its last line '" + GLOBALS_MARKER + "'");
            }
            if (problem.isPresent()) {
                return new Globals(Optional.empty(), Optional.of("globals: " + problem.get() + dir.remove(GLOBALS)));
            }
            return new Globals(Optional.of(new DumpFile(dir.relative(GLOBALS), globals.bytes(), tool, null, List.of())),
                    Optional.empty());
        } catch (IOException | KaizenException e) {
            return new Globals(Optional.empty(), Optional.of("globals: " + e.getMessage() + dir.remove(GLOBALS)));
        }
    }

    /**
     * Dumps one database into {@code files}, or says what went wrong (and removes the incomplete file). The tool
     * recorded is the pg_dump version the archive names, in the words of {@code pg_dump --version}: no child is
     * run to ask.
     */
    private Optional<String> dumpDatabase(PostgresqlCommands pg, DumpDirectory dir, String database,
                                          List<DumpFile> files) throws IOException {
        String file = archiveName(database);
        DumpDirectory.Streamed dump = dir.stream(file, pg.dumpDatabase(database), pg.environment(), timeout);
        Optional<String> problem = dump.problem("pg_dump");
        Named named = null;
        if (problem.isEmpty()) {
            try {
                named = readArchive(pg, dir.file(file));
                if (!database.equals(named.database())) {
                    problem = Optional.of("the archive's table of contents names database "
                            + Optional.ofNullable(named.database()).orElse("(none)") + ", not " + database);
                }
            } catch (IOException e) {
                problem = Optional.of("the archive is incomplete or unreadable: " + e.getMessage());
            }
        }
        if (problem.isPresent()) {
            return Optional.of("database " + database + ": " + problem.get() + dir.remove(file));
        }
        String tool = named.dumpedBy() == null ? "pg_dump" : PG_DUMP_VERSION_PREFIX + named.dumpedBy();
        files.add(new DumpFile(dir.relative(file), dump.bytes(), tool, named.serverVersion(), List.of(database)));
        return Optional.empty();
    }

    /** The database, server version and pg_dump version an archive names. */
    private record Named(String database, String serverVersion, String dumpedBy) {
    }

    /**
     * Checks a whole archive in this process ({@link CustomArchive}); an archive version that check does not know
     * is read back by {@code pg_restore --list} instead. Fails with what is wrong.
     */
    private static Named readArchive(PostgresqlCommands pg, Path archive) throws IOException {
        try {
            CustomArchive checked = CustomArchive.check(archive);
            return new Named(checked.database(), checked.serverVersion(), checked.dumpedBy());
        } catch (CustomArchive.UnknownVersion e) {
            ByteArrayOutputStream toc = new ByteArrayOutputStream();
            ChildProcess.Outcome listed = ChildProcess.run(pg.listArchive(archive), Map.of(), null, toc, null);
            if (!listed.succeeded()) {
                throw new IOException("pg_restore --list cannot read it (" + e.getMessage() + "): " + listed.lastErrors(3));
            }
            String text = toc.toString(StandardCharsets.UTF_8);
            return new Named(header(text, "dbname").orElse(null), header(text, "Dumped from database version").orElse(null),
                    header(text, "Dumped by pg_dump version").orElse(null));
        }
    }

    /** A field of {@code pg_restore --list}'s header: {@code ;     KEY: VALUE}. */
    static Optional<String> header(String listing, String key) {
        return listing.lines().takeWhile(l -> l.startsWith(";"))
                .map(l -> l.substring(1).strip())
                .filter(l -> l.startsWith(key + ": "))
                .map(l -> l.substring(key.length() + 2).strip())
                .findFirst();
    }
}
