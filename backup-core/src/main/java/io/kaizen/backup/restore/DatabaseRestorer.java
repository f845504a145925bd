package io.kaizen.backup.restore;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.source.DumpSource;
import io.kaizen.backup.source.MariabackupSource;
import io.kaizen.backup.source.MysqlSource;
import io.kaizen.backup.source.PostgresqlCommands;
import io.kaizen.backup.source.PostgresqlSource;
import io.kaizen.backup.source.Source;
import io.kaizen.backup.store.DumpFile;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.SourceResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Restores a database source's dumps from a snapshot: first the exact commands (to print, or to review), then,
 * on request, running them. PostgreSQL: the globals (roles, tablespaces) with {@code psql}, then each archive with
 * {@code pg_restore --create} (which refuses to overwrite an existing database of the same name). MariaDB/MySQL:
 * the dump into {@code mysql}. Dumps are fed on standard input, so a client running as another OS user never
 * needs to read the root-only store. mariabackup: the full backup copied to a new data directory and prepared
 * with each incremental in order. Never writes into the store.
 */
public final class DatabaseRestorer {
    private DatabaseRestorer() {
    }

    /**
     * The commands that would restore the source; {@code latest} is by {@code clock}. Bad input (no such
     * snapshot, source or dump) is a {@link ConfigException}.
     */
    public static DatabaseRestorePlan plan(DatabaseRestoreRequest request, Clock clock) {
        SnapshotStore store = SnapshotStore.at(request.store());
        if (!store.exists()) {
            throw new ConfigException("no store at " + request.store());
        }
        Snapshot snapshot = "latest".equals(request.snapshot())
                ? latestWithDumpsOf(store, request.name(), clock)
                : store.select(request.snapshot(), clock);
        SourceResult recorded = snapshot.manifest().sources().stream()
                .filter(s -> request.name().equals(s.name()) && isDatabaseKind(s.kind()))
                .findFirst()
                .orElseThrow(() -> new ConfigException("snapshot " + snapshot.name() + " of " + store.root()
                        + " has no postgresql or mysql source named '" + request.name() + "' (its sources: "
                        + snapshot.manifest().sources().stream().map(s -> s.kind() + " " + s.name())
                        .collect(Collectors.joining(", ")) + ")"));
        Source source = request.configured().orElseGet(() -> defaultSource(recorded));
        if (!source.kind().equals(recorded.kind())) {
            throw new ConfigException("source " + request.name() + " is " + source.kind() + " in the config but "
                    + recorded.kind() + " in snapshot " + snapshot.name());
        }
        List<Path> dumps = dumpsIn(snapshot, recorded);
        List<String> notes = new ArrayList<>();
        if (recorded.status() == RunStatus.FAILED) {
            notes.add("source " + request.name() + " failed in snapshot " + snapshot.name() + ": " + recorded.message()
                    + "; only the dumps it completed are restored");
        }
        if (dumps.isEmpty()) {
            throw new ConfigException("snapshot " + snapshot.name() + " holds no dump of " + request.name()
                    + (recorded.message() == null ? "" : " (" + recorded.message() + ")")
                    + "; pick an earlier snapshot (kaizen list)");
        }
        if ((source instanceof MariabackupSource) != (request.dataDir() != null)) {
            throw new ConfigException(source instanceof MariabackupSource
                    ? "source " + request.name() + " is a mariabackup source: give --to DIR, the new data directory"
                    + " its backup is prepared into"
                    : "--to goes with --path; a database is restored into a server (--db-host, --db-port,"
                    + " --defaults-file)");
        }
        List<RestoreStep> steps;
        if (source instanceof MariabackupSource) {
            steps = mariabackupSteps(dumps, request.dataDir());
            notes.add("then stop the server, chown -R mysql: " + request.dataDir() + " and start it with datadir="
                    + request.dataDir() + " (or restore it in place with mariabackup --copy-back --target-dir="
                    + request.dataDir() + ")");
        } else if (source instanceof PostgresqlSource pg) {
            steps = postgresqlSteps(pg, dumps, request);
        } else if (source instanceof MysqlSource mysql) {
            steps = mysqlSteps(mysql, dumps, request);
        } else {
            throw new ConfigException("source " + request.name() + " is not a database source");
        }
        return new DatabaseRestorePlan(snapshot.name().toString(), recorded.kind(), request.name(), steps, notes);
    }

    /** Runs the plan's commands in order, stopping at the first that fails; returns what they said on stderr. */
    public static List<String> apply(DatabaseRestorePlan plan) {
        List<String> said = new ArrayList<>();
        int done = 0;
        for (RestoreStep step : plan.steps()) {
            ChildProcess.Outcome outcome = ChildProcess.run(step.argv(), step.env(), step.stdin(),
                    OutputStream.nullOutputStream(), null);
            if (!outcome.succeeded()) {
                throw new KaizenException("restore of " + plan.kind() + " " + plan.name() + " from snapshot "
                        + plan.snapshot() + " failed at '" + step.description() + "': exit " + outcome.exitCode()
                        + ": " + outcome.lastErrors(3) + (done == 0 ? "" : " (the " + done + " step(s) before it completed)"));
            }
            outcome.stderr().lines().filter(l -> !l.isBlank())
                    .forEach(line -> said.add(step.description() + ": " + line.strip()));
            done++;
        }
        return said;
    }

    /**
     * For {@code latest}: the latest snapshot ({@link SnapshotStore#latestOf}) holding a dump of the source (a
     * failed night may hold none), else the latest one.
     */
    private static Snapshot latestWithDumpsOf(SnapshotStore store, String name, Clock clock) {
        List<Snapshot> all = store.snapshots();
        List<Snapshot> withDumps = all.stream().filter(candidate -> candidate.manifest().sources().stream()
                .anyMatch(s -> name.equals(s.name()) && isDatabaseKind(s.kind()) && !dumpsIn(candidate, s).isEmpty()))
                .toList();
        return SnapshotStore.latestOf(withDumps, clock).or(() -> SnapshotStore.latestOf(all, clock))
                .orElseThrow(() -> new ConfigException("store " + store.root() + " has no complete snapshot"));
    }

    private static boolean isDatabaseKind(String kind) {
        return "postgresql".equals(kind) || "mysql".equals(kind) || MariabackupSource.KIND.equals(kind);
    }

    private static Source defaultSource(SourceResult recorded) {
        return switch (recorded.kind()) {
            case "postgresql" -> new PostgresqlSource(recorded.name(), null, null, null, null, null, List.of(), null, null);
            case MariabackupSource.KIND -> new MariabackupSource(recorded.name(), null,
                    MariabackupSource.DEFAULT_FULL_EVERY, null);
            default -> new MysqlSource(recorded.name(), null, List.of(), null);
        };
    }

    /** The recorded dump files that are in the snapshot, each checked to lie inside {@code dumps/NAME/}. */
    private static List<Path> dumpsIn(Snapshot snapshot, SourceResult recorded) {
        Path dir = snapshot.dir().resolve(DumpSource.DUMPS_DIR).resolve(recorded.name()).normalize();
        List<Path> found = new ArrayList<>();
        for (DumpFile file : recorded.files()) {
            Path path = snapshot.dir().resolve(file.path()).normalize();
            if (!path.startsWith(dir) || path.equals(dir)) {
                throw new KaizenException("manifest of snapshot " + snapshot.name() + " names a dump outside "
                        + dir + ": " + file.path());
            }
            if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                found.add(path);
            }
        }
        return found;
    }

    private static List<RestoreStep> postgresqlSteps(PostgresqlSource pg, List<Path> dumps, DatabaseRestoreRequest request) {
        PostgresqlCommands commands = pg.commands();
        String host = Optional.ofNullable(request.host()).orElse(pg.host());
        Integer port = Optional.ofNullable(request.port()).orElse(pg.port());
        Map<String, String> env = pg.passfile() == null ? Map.of() : Map.of("PGPASSFILE", pg.passfile().toString());
        List<RestoreStep> steps = new ArrayList<>();
        for (Path dump : dumps) {
            if (dump.getFileName().toString().equals(PostgresqlSource.GLOBALS)) {
                steps.add(new RestoreStep("roles and tablespaces (psql)", env, commands.restoreGlobals(host, port), dump));
            }
        }
        for (Path dump : dumps) {
            if (dump.getFileName().toString().endsWith(PostgresqlSource.ARCHIVE_SUFFIX)) {
                steps.add(new RestoreStep("database from " + dump.getFileName() + " (pg_restore --create)", env,
                        commands.restoreDatabase(host, port), dump));
            }
        }
        return steps;
    }

    /**
     * A mariabackup chain: the recorded files are each part's checkpoints ({@code full/}, {@code inc-1/}, ...),
     * in order; the full backup is copied to {@code dataDir} and prepared, then each incremental applied.
     */
    private static List<RestoreStep> mariabackupSteps(List<Path> checkpoints, Path dataDir) {
        if (Files.exists(dataDir, LinkOption.NOFOLLOW_LINKS) && !isEmptyDirectory(dataDir)) {
            throw new ConfigException("--to " + dataDir + " exists and is not empty: a mariabackup restore prepares a new"
                    + " data directory");
        }
        List<Path> parts = checkpoints.stream().map(Path::getParent).toList();
        if (!parts.get(0).getFileName().toString().equals(MariabackupSource.FULL)) {
            throw new KaizenException("the mariabackup chain in " + parts.get(0).getParent() + " has no full backup");
        }
        String target = "--target-dir=" + dataDir;
        List<RestoreStep> steps = new ArrayList<>();
        steps.add(new RestoreStep("copy the full backup (cp)", Map.of(),
                List.of("cp", "-a", "--reflink=auto", "-T", parts.get(0).toString(), dataDir.toString()), null));
        steps.add(new RestoreStep("prepare the full backup (mariabackup --prepare)", Map.of(),
                List.of("mariabackup", "--prepare", target), null));
        for (Path part : parts.subList(1, parts.size())) {
            steps.add(new RestoreStep("apply " + part.getFileName() + " (mariabackup --prepare)", Map.of(),
                    List.of("mariabackup", "--prepare", target, "--incremental-dir=" + part), null));
        }
        return steps;
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static List<RestoreStep> mysqlSteps(MysqlSource mysql, List<Path> dumps, DatabaseRestoreRequest request) {
        return dumps.stream().map(dump -> new RestoreStep(dump.getFileName() + " (mysql)", Map.of(),
                mysql.commands().restore(request.defaultsFile()), dump)).toList();
    }
}
