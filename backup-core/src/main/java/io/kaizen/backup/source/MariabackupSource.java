package io.kaizen.backup.source;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import io.kaizen.backup.fs.TreeRemoval;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.store.DumpFile;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SourceResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A MariaDB server copied physically with {@code mariabackup}: a full backup, then one incremental a day on top
 * of it, until {@code fullEvery} snapshots share one full backup and the next run takes a new one. For large or
 * Galera databases, where a logical dump takes too long to write or to restore.
 *
 * <p>Every snapshot is complete on its own: {@code dumps/NAME/full/} and {@code dumps/NAME/inc-1/} ...
 * {@code inc-N/} are hard links of the previous snapshot's parts (no space used) and only the new incremental
 * (based on the previous snapshot's newest part) is written. So retention may delete any snapshot: the ones
 * after it still hold their whole chain. A restore copies {@code full/} and prepares it with each incremental in
 * order ({@code mariabackup --prepare}); the result is a data directory.
 *
 * <p>A part is complete when mariabackup exited 0, ended with {@code completed OK!} and wrote its
 * {@code xtrabackup_checkpoints}; a part that is not is removed and fails the source. Credentials only from
 * {@code defaultsFile}, never on the command line.
 */
public record MariabackupSource(String name, Path defaultsFile, int fullEvery, Duration timeout) implements Source {
    public static final String KIND = "mariabackup";
    public static final String FULL = "full";
    public static final String INCREMENTAL_PREFIX = "inc-";
    public static final String CHECKPOINTS = "xtrabackup_checkpoints";
    public static final int DEFAULT_FULL_EVERY = 7;
    static final String COMPLETED = "completed OK!";
    private static final String INFO = "xtrabackup_info";
    private static final String SERVER_VERSION = "server_version = ";

    public MariabackupSource {
        DumpNames.check(KIND, name);
        if (fullEvery < 1 || fullEvery > 366) {
            throw new ConfigException(KIND + " " + name + ": full-every must be between 1 and 366 (days), got " + fullEvery);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new ConfigException(KIND + " " + name + ": timeout must be positive");
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void preflight() {
        if (defaultsFile != null && !Files.isReadable(defaultsFile)) {
            throw new ConfigException(KIND + " " + name + ": defaults-file " + defaultsFile
                    + " does not exist or is not readable");
        }
    }

    /** The parts of a chain in restore order: {@code full}, {@code inc-1}, ... */
    public static List<String> partNames(int incrementals) {
        List<String> parts = new ArrayList<>(List.of(FULL));
        for (int i = 1; i <= incrementals; i++) {
            parts.add(INCREMENTAL_PREFIX + i);
        }
        return parts;
    }

    /**
     * The complete chain in {@code dir} (a snapshot's {@code dumps/NAME/}): how many incrementals follow a
     * complete full backup, each complete; empty when there is no complete full backup.
     */
    public static Optional<Integer> chainIn(Path dir) {
        if (!isComplete(dir.resolve(FULL))) {
            return Optional.empty();
        }
        int incrementals = 0;
        while (isComplete(dir.resolve(INCREMENTAL_PREFIX + (incrementals + 1)))) {
            incrementals++;
        }
        return Optional.of(incrementals);
    }

    private static boolean isComplete(Path part) {
        return Files.isRegularFile(part.resolve(CHECKPOINTS), LinkOption.NOFOLLOW_LINKS);
    }

    /** The backup command for {@code target}; {@code base} is the part an incremental builds on (null: full). */
    List<String> backupCommand(Path target, Path base) {
        List<String> argv = new ArrayList<>(List.of("mariabackup"));
        if (defaultsFile != null) {
            argv.add("--defaults-file=" + defaultsFile);
        }
        argv.addAll(List.of("--backup", "--target-dir=" + target));
        if (base != null) {
            argv.add("--incremental-basedir=" + base);
        }
        return argv;
    }

    @Override
    public SourceResult capture(CaptureContext context) {
        Path dir = context.partial().resolve(DumpSource.DUMPS_DIR).resolve(name);
        try {
            String tool = ToolVersion.of("mariabackup", "apt-get install mariadb-backup");
            Optional<Path> previous = context.linkDests().stream()
                    .map(d -> d.resolve(DumpSource.DUMPS_DIR).resolve(name)).findFirst()
                    .filter(d -> chainIn(d).isPresent());
            int kept = previous.flatMap(MariabackupSource::chainIn).map(n -> n + 1).orElse(0);
            boolean full = kept == 0 || kept >= fullEvery;
            Files.createDirectories(dir);
            List<String> parts = full ? List.of() : partNames(kept - 1);
            for (String part : parts) {
                linkTree(previous.orElseThrow().resolve(part), dir.resolve(part));
            }
            String next = full ? FULL : INCREMENTAL_PREFIX + kept;
            Path base = full ? null : dir.resolve(parts.get(parts.size() - 1));
            ChildProcess.Outcome outcome = ChildProcess.run(backupCommand(dir.resolve(next), base), Map.of(), null,
                    OutputStream.nullOutputStream(), timeout);
            Optional<String> problem = problem(outcome, dir.resolve(next));
            if (problem.isPresent()) {
                return failed(dir, problem.get());
            }
            String serverVersion = serverVersion(dir.resolve(next));
            List<DumpFile> files = new ArrayList<>();
            for (String part : full ? List.of(FULL) : partNames(kept)) {
                files.add(new DumpFile(DumpSource.DUMPS_DIR + "/" + name + "/" + part + "/" + CHECKPOINTS,
                        size(dir.resolve(part)), tool, serverVersion, List.of()));
            }
            return new SourceResult(kind(), name, RunStatus.SUCCEEDED, null, files, null, null);
        } catch (IOException | KaizenException e) {
            return failed(dir, e.getMessage());
        }
    }

    /** The server's version as mariabackup recorded it in the part's {@code xtrabackup_info}, if it did. */
    private static String serverVersion(Path part) throws IOException {
        Path info = part.resolve(INFO);
        if (!Files.isRegularFile(info, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (Stream<String> lines = Files.lines(info)) {
            return lines.filter(l -> l.startsWith(SERVER_VERSION)).findFirst()
                    .map(l -> l.substring(SERVER_VERSION.length()).strip()).orElse(null);
        }
    }

    private Optional<String> problem(ChildProcess.Outcome outcome, Path part) {
        if (outcome.timedOut()) {
            return Optional.of("mariabackup did not finish within " + timeout.toSeconds() + " s and was killed");
        }
        if (outcome.exitCode() != 0) {
            return Optional.of("mariabackup exited with " + outcome.exitCode() + ": " + outcome.lastErrors(3));
        }
        if (!outcome.stderr().strip().endsWith(COMPLETED) || !isComplete(part)) {
            return Optional.of("mariabackup did not report '" + COMPLETED + "' or wrote no " + CHECKPOINTS + ": "
                    + outcome.lastErrors(3));
        }
        return Optional.empty();
    }

    /** Removes this source's directory from the partial snapshot (a chain that is not complete is not a backup). */
    private SourceResult failed(Path dir, String message) {
        String note = "";
        try {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                TreeRemoval.delete(dir);
            }
        } catch (IOException e) {
            note = " (and " + dir + " could not be removed: " + e.getMessage() + ")";
        }
        return new SourceResult(kind(), name, RunStatus.FAILED, message + note);
    }

    /** Recreates {@code from} at {@code to}: directories with their modes, every file a hard link. */
    private static void linkTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Path copy = to.resolve(from.relativize(d).toString());
                Files.createDirectory(copy);
                Files.setPosixFilePermissions(copy, Files.getPosixFilePermissions(d, LinkOption.NOFOLLOW_LINKS));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.createLink(to.resolve(from.relativize(file).toString()), file);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static long size(Path part) throws IOException {
        try (Stream<Path> files = Files.walk(part)) {
            long total = 0;
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    total += Files.size(file);
                }
            }
            return total;
        }
    }
}
