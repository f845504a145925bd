package io.kaizen.backup.source;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import io.kaizen.backup.store.DumpFile;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SourceResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A MariaDB/MySQL server: one {@code mysqldump --single-transaction --routines --events} of every database (or
 * of {@code databases}) into {@code dumps/NAME/all-databases.sql} (or {@code databases.sql}), streamed straight
 * into the partial snapshot. Credentials only from {@code defaultsFile} (a my.cnf with a {@code [client]}
 * section), never on the command line; without one, the client's own defaults (root's unix-socket login).
 *
 * <p>The dump is checked: exit code, not empty, and mysqldump's last line {@code -- Dump completed}; the server
 * version and the databases it holds ({@code -- Current Database:} lines, read back from the file while it is
 * still in the page cache) go to the manifest. A dump that fails a check is removed and fails the source and the run.
 */
public record MysqlSource(String name, Path defaultsFile, List<String> databases, Duration timeout) implements Source {
    public static final String ALL_DATABASES_FILE = "all-databases.sql";
    public static final String DATABASES_FILE = "databases.sql";
    static final String COMPLETED = "-- Dump completed";
    private static final String SERVER_VERSION = "-- Server version";
    private static final String CURRENT_DATABASE = "-- Current Database: ";

    public MysqlSource {
        DumpNames.check("mysql", name);
        databases = databases == null ? List.of() : List.copyOf(databases);
        for (String database : databases) {
            if (database == null || database.isBlank()) {
                throw new ConfigException("mysql " + name + ": empty database name in databases");
            }
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new ConfigException("mysql " + name + ": timeout must be positive");
        }
    }

    @Override
    public String kind() {
        return "mysql";
    }

    @Override
    public void preflight() {
        if (defaultsFile != null && !Files.isReadable(defaultsFile)) {
            throw new ConfigException("mysql " + name + ": defaults-file " + defaultsFile
                    + " does not exist or is not readable");
        }
    }

    public MysqlCommands commands() {
        return new MysqlCommands(this);
    }

    /** The dump's file name inside {@code dumps/NAME/}. */
    public String fileName() {
        return databases.isEmpty() ? ALL_DATABASES_FILE : DATABASES_FILE;
    }

    @Override
    public SourceResult capture(CaptureContext context) {
        DumpDirectory dir = null;
        String file = fileName();
        try {
            dir = DumpDirectory.create(context.partial(), name);
            String tool = ToolVersion.of("mysqldump", "apt-get install mariadb-client");
            DumpDirectory.Streamed dump = dir.stream(file, commands().dump(), Map.of(), timeout);
            Optional<String> problem = dump.problem("mysqldump");
            DumpScanner scanner = null;
            if (problem.isEmpty()) {
                scanner = DumpScanner.of(dir.file(file), List.of(SERVER_VERSION, CURRENT_DATABASE));
                if (!scanner.endsWithLineContaining(COMPLETED)) {
                    problem = Optional.of("mysqldump's output lacks its last line '" + COMPLETED + " ...' (cut short)");
                }
            }
            if (problem.isPresent()) {
                String message = problem.get() + dir.remove(file);
                dir.removeIfEmpty();
                return new SourceResult(kind(), name, RunStatus.FAILED, message);
            }
            List<String> lines = scanner.matchedLines();
            String serverVersion = lines.stream().filter(l -> l.startsWith(SERVER_VERSION)).findFirst()
                    .map(l -> l.substring(SERVER_VERSION.length()).strip()).orElse(null);
            List<String> dumped = new ArrayList<>();
            lines.stream().filter(l -> l.startsWith(CURRENT_DATABASE))
                    .map(l -> unquote(l.substring(CURRENT_DATABASE.length()).strip()))
                    .filter(d -> !dumped.contains(d)).forEach(dumped::add);
            List<String> missing = databases.stream().filter(d -> !dumped.contains(d)).toList();
            if (!missing.isEmpty()) {
                String message = "mysqldump's output does not hold database(s) " + missing + dir.remove(file);
                dir.removeIfEmpty();
                return new SourceResult(kind(), name, RunStatus.FAILED, message);
            }
            Optional<String> exposed = CredentialsFile.exposure("defaults-file", defaultsFile);
            return new SourceResult(kind(), name, exposed.isPresent() ? RunStatus.WARNINGS : RunStatus.SUCCEEDED,
                    exposed.orElse(null),
                    List.of(new DumpFile(dir.relative(file), dump.bytes(), tool, serverVersion, dumped)), null, null);
        } catch (IOException | KaizenException e) {
            String message = e.getMessage() + (dir == null ? "" : dir.remove(file));
            if (dir != null) {
                dir.removeIfEmpty();
            }
            return new SourceResult(kind(), name, RunStatus.FAILED, message);
        }
    }

    /** {@code `name`} with doubled backticks, as mysqldump quotes identifiers. */
    static String unquote(String quoted) {
        if (quoted.length() >= 2 && quoted.startsWith("`") && quoted.endsWith("`")) {
            return quoted.substring(1, quoted.length() - 1).replace("``", "`");
        }
        return quoted;
    }
}
