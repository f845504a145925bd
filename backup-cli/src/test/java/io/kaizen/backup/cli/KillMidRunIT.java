package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kill -9 at every stage of a snapshot run (docs/FORMAT.md), for both engines: while the engine copies, while SHA256SUMS is
 * written, around the manifest and the commit rename, and while retention deletes an old snapshot. After every
 * kill, each date-named directory of the store is a complete, verifying snapshot, no snapshot that existed before
 * the run changed (one may only disappear by retention, after the run's own snapshot was committed), and the
 * next run with the same arguments succeeds (with the warning of a lock takeover, exit 3, when the killed run's
 * lock content was left) and makes a snapshot equal to the source.
 *
 * <p>Kill points are found by polling the store and the process table in a tight loop, not by sleeping; more
 * points are spread over the measured duration of a full run. Kills alternate between "tree" (the JVM and its
 * rsync/sync children at once, like a cgroup or OOM kill) and "jvm" (only the JVM; its children are left to finish
 * on their own, as after an operator's kill -9 of the java process).
 */
class KillMidRunIT {
    private static final LocalDate FIRST_DAY = LocalDate.of(2001, 1, 1);
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern LOCK_PID = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIN_KILLS = 20;
    private static final int DIRS = 15;
    private static final int MAX_MISSES = 8;
    private static final long RUN_TIMEOUT_MILLIS = 120_000;
    /** Pause between two looks at a run: far below the shortest phase (tens of ms), far above a busy loop. */
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final long CHILDREN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** Where a run was when it was killed, as seen on disk and in the process table just before the kill. */
    enum Phase {
        START("started, no DATE.partial yet"),
        COPY("the engine copying into DATE.partial (an rsync child running, or the Java engine)"),
        CAPTURE("DATE.partial exists, no rsync child, no sums yet (rsync engine)"),
        HASHING("DATE.partial/.kaizen/SHA256SUMS exists, manifest.json does not"),
        MANIFEST("DATE.partial/.kaizen/manifest.json exists (manifest, sync, commit rename)"),
        COMMITTED("DATE exists, nothing being pruned"),
        PRUNE("an old snapshot is being deleted (a *.deleting directory exists)");

        final String description;

        Phase(String description) {
            this.description = description;
        }
    }

    /** When to kill: on reaching a phase (after a delay within it), or at a fraction of a full run's duration. */
    private record KillPoint(Phase phase, long delayMillis, double fraction) {
        static KillPoint at(Phase phase, long delayMillis) {
            return new KillPoint(phase, delayMillis, 0);
        }

        static KillPoint atFraction(double fraction) {
            return new KillPoint(null, 0, fraction);
        }

        @Override
        public String toString() {
            return phase != null ? phase + "+" + delayMillis + "ms" : String.format("%.2f*T", fraction);
        }
    }

    @TempDir
    Path temp;

    private final List<String> quickStartJvm = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    private final List<Long> fullRuns = new ArrayList<>();
    private String engine;
    private Path source;
    private Path store;
    private int day;
    private boolean copying;
    private long copyingSeenAt;

    @ParameterizedTest(name = "engine {0}")
    @ValueSource(strings = {"rsync", "java"})
    void everyKillLeavesOnlyCompleteSnapshotsAndTheNextRunSucceeds(String engine) throws Exception {
        this.engine = engine;
        long testStart = System.nanoTime();
        source = temp.resolve("src");
        store = temp.resolve("store");
        buildSource();
        // The first run also writes a class-data archive (AppCDS) that the later runs start from.
        quickStartJvm.add("-XX:ArchiveClassesAtExit=" + temp.resolve("kaizen.jsa"));
        KaizenProcess.Result first = run(args(date(day)));
        quickStartJvm.remove(quickStartJvm.size() - 1);
        if (Files.exists(temp.resolve("kaizen.jsa"))) {
            quickStartJvm.add("-XX:SharedArchiveFile=" + temp.resolve("kaizen.jsa"));
        }
        assertThat(first.exitCode()).as("first snapshot\n%s", first).isZero();

        day++;
        mutateSource(day);
        long measureStart = System.nanoTime();
        KaizenProcess.Result measured = run(args(date(day)));
        fullRuns.add((System.nanoTime() - measureStart) / 1_000_000);
        assertThat(measured.exitCode()).as("measured run\n%s", measured).isZero();
        assertThat(measured.stdout()).as("the measured run prunes the first snapshot").contains("pruned " + date(0));
        System.out.printf("KillMidRunIT: a full run (copy, hash, commit, prune) takes %d ms; JVM options %s%n",
                fullRuns.get(0), quickStartJvm);

        List<KillPoint> plan = new ArrayList<>(List.of(
                KillPoint.at(Phase.START, 0),
                KillPoint.at(Phase.COPY, 0), KillPoint.at(Phase.COPY, 60), KillPoint.at(Phase.COPY, 150),
                KillPoint.at(Phase.HASHING, 0), KillPoint.at(Phase.HASHING, 30), KillPoint.at(Phase.HASHING, 80),
                KillPoint.at(Phase.MANIFEST, 0), KillPoint.at(Phase.MANIFEST, 10), KillPoint.at(Phase.MANIFEST, 40),
                KillPoint.at(Phase.COMMITTED, 0),
                KillPoint.at(Phase.PRUNE, 0), KillPoint.at(Phase.PRUNE, 20), KillPoint.at(Phase.PRUNE, 60)));
        for (double fraction : new double[] {0.15, 0.3, 0.45, 0.6, 0.75, 0.9}) {
            plan.add(KillPoint.atFraction(fraction));
        }

        Map<Phase, Integer> hits = new EnumMap<>(Phase.class);
        Map<String, Integer> modes = new TreeMap<>();
        List<String> log = new ArrayList<>();
        int kills = 0;
        int misses = 0;
        for (int i = 0; i < plan.size(); i++) {
            KillPoint point = plan.get(i);
            boolean wholeTree = kills % 2 == 0;
            Phase killedAt = killOneRun(point, wholeTree, log);
            if (killedAt == null) {
                assertThat(++misses).as("runs that finished before their kill point; log:\n%s", String.join("\n", log))
                        .isLessThanOrEqualTo(MAX_MISSES);
                // Try again; a time point that came too late (this run was faster than usual) a little earlier.
                plan.add(point.phase() != null ? point : KillPoint.atFraction(point.fraction() * 0.8));
                continue;
            }
            kills++;
            hits.merge(killedAt, 1, Integer::sum);
            modes.merge(wholeTree ? "tree (JVM + children)" : "jvm only", 1, Integer::sum);
        }

        StringBuilder report = new StringBuilder("KillMidRunIT, engine " + engine + ": " + kills + " kills (" + misses
                + " runs finished before their kill point), full run " + typicalRunMillis() + " ms (median), test "
                + (System.nanoTime() - testStart) / 1_000_000 + " ms\n");
        for (Phase phase : Phase.values()) {
            report.append(String.format("  %-10s %3d  %s%n", phase, hits.getOrDefault(phase, 0), phase.description));
        }
        modes.forEach((mode, count) -> report.append(String.format("  kill mode %s: %d%n", mode, count)));
        log.forEach(line -> report.append("  ").append(line).append('\n'));
        System.out.print(report);

        assertThat(kills).as(report.toString()).isGreaterThanOrEqualTo(MIN_KILLS);
        for (Phase named : List.of(Phase.COPY, Phase.HASHING, Phase.MANIFEST, Phase.PRUNE)) {
            assertThat(hits.getOrDefault(named, 0)).as("kills during %s\n%s", named, report).isPositive();
        }
    }

    /**
     * One day: change the source, start a run, kill it at {@code point}, check the store, rerun, verify.
     * Returns the phase the run was killed in, or null when it finished first (then it must have succeeded).
     */
    private Phase killOneRun(KillPoint point, boolean wholeTree, List<String> log) throws Exception {
        day++;
        String date = date(day);
        mutateSource(day);
        Map<String, TreeListing> before = new TreeMap<>();
        for (Path dir : dateDirs()) {
            before.put(dir.getFileName().toString(), TreeListing.of(dir));
        }
        Path logs = temp.resolve("logs-" + date);
        Process run = start(logs, args(date));
        long started = System.nanoTime();

        Phase killedAt = pollAndKill(run, point, date, wholeTree);
        long atMillis = (System.nanoTime() - started) / 1_000_000;
        if (killedAt == null) {
            assertThat(run.exitValue()).as("run %s finished before its kill point %s:\n%s", date, point,
                    Files.readString(logs.resolve("stderr"))).isZero();
            log.add(date + " " + point + ": finished (" + atMillis + " ms) before the kill point");
            return null;
        }
        log.add(String.format("%s %-13s killed in %-9s at %5d ms (%s)", date, point, killedAt, atMillis,
                wholeTree ? "tree" : "jvm only"));
        String context = "run " + date + " killed in " + killedAt + " (point " + point + ")";

        assertEveryDateDirIsACompleteSnapshot(context);
        for (Map.Entry<String, TreeListing> old : before.entrySet()) {
            Path dir = store.resolve(old.getKey());
            if (Files.isDirectory(dir)) {
                assertThat(TreeListing.of(dir).differences(old.getValue()))
                        .as("%s: snapshot %s changed", context, old.getKey()).isEmpty();
            } else {
                assertThat(store.resolve(date)).as("%s: snapshot %s is gone, so retention ran, which it may only "
                        + "after this run's own snapshot was committed", context, old.getKey()).isDirectory();
                assertThat(old.getKey()).as(context).isLessThan(date);
            }
        }

        Path lock = store.resolve(".kaizen/lock");
        boolean lockLeft = Files.exists(lock) && !Files.readString(lock).isBlank();
        long rerunStart = System.nanoTime();
        KaizenProcess.Result rerun = run(args(date));
        // A lock that still names the killed run is taken over with a warning: exit 3 (README, exit codes).
        assertThat(rerun.exitCode()).as("%s: the rerun with the same arguments\n%s", context, rerun)
                .isEqualTo(lockLeft ? 3 : 0);
        if (lockLeft) {
            assertThat(rerun.stderr()).as("%s: the rerun's warning", context).contains("took over the lock");
        }
        if (killedAt.ordinal() < Phase.COMMITTED.ordinal()) {
            fullRuns.add((System.nanoTime() - rerunStart) / 1_000_000);
        }
        KaizenProcess.Result verify = run("verify", "--dest", store.toString(), date);
        assertThat(verify.exitCode()).as("%s: kaizen verify after the rerun\n%s", context, verify).isZero();
        assertEveryDateDirIsACompleteSnapshot(context + ", after the rerun");
        try (Stream<Path> entries = Files.list(store)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .as("%s: leftovers after the rerun", context)
                    .noneMatch(n -> n.endsWith(".partial") || n.endsWith(".deleting") || n.endsWith(".replaced"));
        }
        String below = source.toString().substring(1);
        assertThat(TreeListing.of(store.resolve(date)).below(below).differences(TreeListing.of(source)))
                .as("%s: the rerun's snapshot equals the source", context).isEmpty();
        return killedAt;
    }

    /** Polls until {@code point} is reached, then kills; null if the run ended first. */
    private Phase pollAndKill(Process run, KillPoint point, String date, boolean wholeTree) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(RUN_TIMEOUT_MILLIS);
        long killAt = point.phase() == null
                ? start + TimeUnit.MILLISECONDS.toNanos((long) (point.fraction() * typicalRunMillis())) : 0;
        copyingSeenAt = 0;
        long phaseSeenAt = 0;
        while (run.isAlive()) {
            long now = System.nanoTime();
            if (now > deadline) {
                kill(run, true);
                fail("run " + date + " did not finish in " + RUN_TIMEOUT_MILLIS + " ms");
            }
            Phase phase = observe(run, date);
            boolean due;
            if (point.phase() == null) {
                due = now >= killAt;
            } else if (phase == point.phase()) {
                phaseSeenAt = phaseSeenAt == 0 ? now : phaseSeenAt;
                due = now - phaseSeenAt >= TimeUnit.MILLISECONDS.toNanos(point.delayMillis());
            } else {
                // Left (or skipped) the target phase between two looks: kill now, in whatever phase this is.
                due = phaseSeenAt != 0 || (phase.ordinal() > point.phase().ordinal() && phase != Phase.CAPTURE);
            }
            if (due && point.phase() == Phase.START && phase == Phase.START) {
                due = lockedBy(run.pid());
            }
            if (due) {
                if (kill(run, wholeTree)) {
                    return phase;
                }
                return null;
            }
            if (point.phase() == null && killAt - now > POLL_NANOS) {
                LockSupport.parkNanos(Math.min(killAt - now - POLL_NANOS, TimeUnit.MILLISECONDS.toNanos(50)));
            } else if (point.phase() != null) {
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
        run.waitFor();
        return null;
    }

    /** Whether the store's lock file names {@code pid} as its holder. */
    private boolean lockedBy(long pid) throws IOException {
        Path lock = store.resolve(".kaizen/lock");
        return Files.exists(lock) && LOCK_PID.matcher(Files.readString(lock)).results()
                .anyMatch(m -> m.group(1).equals(Long.toString(pid)));
    }

    /** The phase of the run of {@code date}, from the store and the run's children. */
    private Phase observe(Process run, String date) throws IOException {
        try (Stream<Path> entries = Files.list(store)) {
            if (entries.anyMatch(p -> p.getFileName().toString().endsWith(".deleting"))) {
                return Phase.PRUNE;
            }
        }
        if (Files.isDirectory(store.resolve(date))) {
            return Phase.COMMITTED;
        }
        Path partial = store.resolve(date + ".partial");
        if (!Files.isDirectory(partial)) {
            return Phase.START;
        }
        if (Files.exists(partial.resolve(".kaizen/manifest.json"))) {
            return Phase.MANIFEST;
        }
        if (Files.exists(partial.resolve(".kaizen/SHA256SUMS"))) {
            return Phase.HASHING;
        }
        if (engine.equals("java")) {
            return Phase.COPY;
        }
        // Listing children reads all of /proc: look at most every few milliseconds.
        if (System.nanoTime() - copyingSeenAt > CHILDREN_POLL_NANOS) {
            copying = run.children().anyMatch(child -> {
                ProcessHandle.Info info = child.info();
                return info.command().map(c -> c.endsWith("/rsync")).orElse(false)
                        && info.arguments().map(a -> List.of(a).contains("--delete")).orElse(false);
            });
            copyingSeenAt = System.nanoTime();
        }
        return copying ? Phase.COPY : Phase.CAPTURE;
    }

    /** The median duration of the runs that were not killed (the measured run and the reruns of early kills). */
    private long typicalRunMillis() {
        List<Long> sorted = fullRuns.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /**
     * SIGKILLs the run's JVM; with {@code wholeTree} also its rsync/sync children, else waits for them to finish
     * on their own. Returns false when the run had already ended (the kill came too late to count).
     */
    private boolean kill(Process run, boolean wholeTree) throws Exception {
        List<ProcessHandle> children = run.descendants().toList();
        run.destroyForcibly();
        if (wholeTree) {
            children.forEach(ProcessHandle::destroyForcibly);
        }
        run.waitFor();
        boolean killed = run.exitValue() == 128 + 9 || run.exitValue() == 9;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            // Children started in the instant before the JVM died are found by the store path in their argv.
            List<ProcessHandle> left = ProcessHandle.allProcesses()
                    .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(store.toString()))
                            .orElse(false))
                    .toList();
            if (left.isEmpty()) {
                return killed;
            }
            if (wholeTree || System.nanoTime() > deadline) {
                left.forEach(ProcessHandle::destroyForcibly);
            }
            Thread.sleep(10);
        }
    }

    private void assertEveryDateDirIsACompleteSnapshot(String context) throws Exception {
        for (Path dir : dateDirs()) {
            String name = dir.getFileName().toString();
            Path manifestFile = dir.resolve(".kaizen/manifest.json");
            assertThat(manifestFile).as("%s: %s has a manifest", context, name).isRegularFile();
            JsonNode manifest;
            try {
                manifest = JSON.readTree(manifestFile.toFile());
            } catch (IOException e) {
                throw new AssertionError(context + ": " + manifestFile + " does not parse: " + e.getMessage(), e);
            }
            assertThat(manifest.path("snapshot").asText()).as("%s: manifest of %s names it", context, name)
                    .isEqualTo(name);
            assertThat(manifest.path("status").asText()).as("%s: status in the manifest of %s", context, name)
                    .isIn("succeeded", "warnings");
            assertThat(Sha256.hexOf(dir.resolve(".kaizen/SHA256SUMS")))
                    .as("%s: sumsSha256 in the manifest of %s", context, name)
                    .isEqualTo(manifest.path("sumsSha256").asText());
            KaizenProcess.assertSha256sumCheck(dir, context);
        }
    }

    private List<Path> dateDirs() throws IOException {
        try (Stream<Path> entries = Files.list(store)) {
            return entries.filter(p -> DATE.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }

    /** Starts kaizen through {@link KaizenProcess}, with {@link #quickStartJvm} for its JVM. */
    private Process start(Path logs, String... args) throws IOException {
        return KaizenProcess.start(logs, jvmOptions(), args);
    }

    /** Runs kaizen to completion through {@link KaizenProcess}, with {@link #quickStartJvm} for its JVM. */
    private KaizenProcess.Result run(String... args) throws IOException, InterruptedException {
        return KaizenProcess.run(jvmOptions(), args);
    }

    /**
     * The launcher's {@code -XX:+UseSerialGC}, a JIT that stops at C1 and a class-data archive, passed in
     * {@code JDK_JAVA_OPTIONS} (the java launcher notes that on stderr): the same program, started with about a
     * third less CPU time, so that the sixty-odd runs of this test fit its time budget on two cores.
     */
    private Map<String, String> jvmOptions() {
        return Map.of("JDK_JAVA_OPTIONS", String.join(" ", quickStartJvm));
    }

    private String[] args(String date) {
        return new String[] {"snapshot", "--engine", engine, "--source", source.toString(), "--dest",
                store.toString(), "--date", date, "--keep-days", "1", "--min-keep", "1"};
    }

    private static String date(int day) {
        return FIRST_DAY.plusDays(day).toString();
    }

    /** 1500 small files in 15 directories (and, from day 1, 4 MiB in 4 big files): a run of a second or two. */
    private void buildSource() {
        TreeBuilder tree = TreeBuilder.at(source);
        for (int d = 0; d < DIRS; d++) {
            for (int f = 0; f < 100; f++) {
                tree.file("d" + d + "/f" + f + ".txt", ("line " + d + "/" + f + "\n").repeat(40));
            }
        }
        tree.symlink("d0/link", "f1.txt").dir("empty");
    }

    /**
     * A day's changes: all big files rewritten, a quarter of the small ones, one directory added, one removed.
     * Changed files get the day's mtime, so rsync's quick check (size and mtime) always sees them.
     */
    private void mutateSource(int day) throws IOException {
        Random random = new Random(day);
        Instant mtime = FIRST_DAY.plusDays(day).atTime(12, 0).toInstant(ZoneOffset.UTC);
        TreeBuilder tree = TreeBuilder.at(source);
        byte[] big = new byte[1 << 20];
        for (int b = 0; b < 4; b++) {
            random.nextBytes(big);
            tree.file(("big/b" + b + ".bin").getBytes(StandardCharsets.UTF_8), big).mtime("big/b" + b + ".bin", mtime);
        }
        for (int d = 0; d < DIRS; d++) {
            for (int f = (day + d) % 4; f < 100; f += 4) {
                String name = "d" + d + "/f" + f + ".txt";
                tree.file(name, ("day " + day + " " + d + "/" + f + "\n").repeat(40)).mtime(name, mtime);
            }
        }
        for (int f = 0; f < 20; f++) {
            tree.file("new/day" + day + "/f" + f, "day " + day + " file " + f + "\n");
        }
        Path old = source.resolve("new/day" + (day - 2));
        if (Files.isDirectory(old)) {
            try (Stream<Path> files = Files.list(old)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(old);
        }
    }
}
