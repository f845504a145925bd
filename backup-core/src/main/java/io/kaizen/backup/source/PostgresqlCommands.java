package io.kaizen.backup.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PostgreSQL client command lines of a {@link PostgresqlSource}, for dumping and for restoring. Pure: no
 * I/O. Never a password on a command line: peer authentication as {@code os-user}, or a password file named by
 * {@code PGPASSFILE} in the environment. Every client gets {@code -w} (never prompt: there is no one to answer
 * under cron).
 */
public final class PostgresqlCommands {
    static final String LIST_DATABASES =
            "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname";

    private final PostgresqlSource source;

    PostgresqlCommands(PostgresqlSource source) {
        this.source = source;
    }

    /** The full path of a client program: in {@code bin-dir} if given, else found on the PATH. */
    public String program(String name) {
        return source.binDir() == null ? name : source.binDir().resolve(name).toString();
    }

    /** {@code -h HOST -p PORT -U USER -w}, each only when configured. */
    List<String> connection(String host, Integer port) {
        List<String> args = new ArrayList<>();
        if (host != null) {
            args.addAll(List.of("-h", host));
        }
        if (port != null) {
            args.addAll(List.of("-p", port.toString()));
        }
        if (source.user() != null) {
            args.addAll(List.of("-U", source.user()));
        }
        args.add("-w");
        return args;
    }

    List<String> connection() {
        return connection(source.host(), source.port());
    }

    /** Environment for every client: the password file, and a bound on connecting. */
    Map<String, String> environment() {
        Map<String, String> env = new TreeMap<>();
        env.put("PGCONNECT_TIMEOUT", "30");
        if (source.passfile() != null) {
            env.put("PGPASSFILE", source.passfile().toString());
        }
        return env;
    }

    /** Lists the databases that can be dumped (not templates), NUL-separated, as the OS user. */
    List<String> listDatabases() {
        List<String> argv = new ArrayList<>(List.of(program("psql"), "-X", "-A", "-t", "-0"));
        argv.addAll(connection());
        argv.addAll(List.of("-d", "postgres", "-c", LIST_DATABASES));
        return RunAs.wrap(source.osUser(), argv);
    }

    /** Roles, tablespaces and their grants: {@code pg_dumpall --globals-only}, as the OS user. */
    List<String> dumpGlobals() {
        List<String> argv = new ArrayList<>(List.of(program("pg_dumpall"), "--globals-only"));
        argv.addAll(connection());
        return RunAs.wrap(source.osUser(), argv);
    }

    /** One database in the custom format ({@code pg_dump -Fc}), as the OS user. */
    List<String> dumpDatabase(String database) {
        List<String> argv = new ArrayList<>(List.of(program("pg_dump"), "-Fc"));
        argv.addAll(connection());
        argv.addAll(List.of("-d", connectionStringFor(database)));
        return RunAs.wrap(source.osUser(), argv);
    }

    /** Reads a custom-format archive's table of contents: fails on a file that is not a whole archive header. */
    List<String> listArchive(Path archive) {
        return List.of(program("pg_restore"), "--list", archive.toString());
    }

    /** Restores roles and tablespaces (stdin: globals.sql); existing roles are reported and left as they are. */
    public List<String> restoreGlobals(String host, Integer port) {
        List<String> argv = new ArrayList<>(List.of(program("psql"), "-X", "-q"));
        argv.addAll(connection(host, port));
        argv.addAll(List.of("-d", "postgres"));
        return RunAs.wrap(source.osUser(), argv);
    }

    /**
     * Restores one archive (stdin) as a new database of the archive's name: {@code pg_restore --create} connects
     * to {@code postgres}, creates the database and fills it; it stops at the first error (an existing database
     * of that name is one: drop or rename it first).
     */
    public List<String> restoreDatabase(String host, Integer port) {
        List<String> argv = new ArrayList<>(List.of(program("pg_restore"), "-Fc", "--create", "--exit-on-error"));
        argv.addAll(connection(host, port));
        argv.addAll(List.of("-d", "postgres"));
        return RunAs.wrap(source.osUser(), argv);
    }

    /**
     * A database name as {@code pg_dump -d} takes it: a name with '=' or a quote would be read as a connection
     * string, so such names are given as {@code dbname='...'} with quotes and backslashes escaped.
     */
    static String connectionStringFor(String database) {
        if (!database.contains("=") && !database.contains("'") && !database.contains("\\")
                && !database.startsWith("postgres") && !database.isBlank() && database.strip().equals(database)) {
            return database;
        }
        return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
