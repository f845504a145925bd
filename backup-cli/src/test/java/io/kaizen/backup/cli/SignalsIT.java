package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Signals during a snapshot (README.md, "When things go wrong"): SIGTERM to kaizen while its engine copies stops
 * the rsync child, says so on stderr, records the run as interrupted in {@code .kaizen/last-run.json} (so
 * {@code status} alerts), exits 143 and leaves no process writing into the store; the next run succeeds. SIGTERM
 * and SIGKILL of the rsync child alone, at several points of its copy, fail the run cleanly: earlier snapshots
 * intact, no snapshot of the run, the next run succeeds.
 */
class SignalsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIRST = "2026-03-01";
    private static final long RUN_TIMEOUT_MILLIS = 120_000;
    private static final int DIRS = 20;

    @TempDir
    Path temp;

    private Path source;
    private Path store;
    private int touches;

    @ParameterizedTest(name = "engine {0}")
    @ValueSource(strings = {"rsync", "java"})
    void sigtermMidCopyStopsTheChildrenRecordsTheRunAsInterruptedAndTheNextRunSucceeds(String engine) throws Exception {
        buildSource();
        assertThat(KaizenProcess.run(KaizenProcess.QUICK_START, args(engine, FIRST)).exitCode()).isZero();
        touchEveryFile();

        String date = "2026-03-02";
        Path logs = temp.resolve("logs");
        Process run = KaizenProcess.start(logs, KaizenProcess.QUICK_START, args(engine, date));
        awaitCopying(run, engine, date, logs);
        run.toHandle().destroy();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("kaizen ends after SIGTERM").isTrue();
        String stderr = Files.readString(logs.resolve("stderr"), StandardCharsets.ISO_8859_1);

        assertThat(run.exitValue()).as("exit code after SIGTERM\n%s", stderr).isEqualTo(143);
        assertThat(stderr).as("stderr").contains("interrupted by SIGTERM")
                .contains("snapshot " + date + " of " + store).contains("recorded as interrupted");
        assertThat(processesWritingInto(store)).as("processes left that point into the store").isEmpty();
        JsonNode lastRun = JSON.readTree(store.resolve(".kaizen/last-run.json").toFile());
        assertThat(lastRun.path("status").asText()).as("last-run.json: %s", lastRun).isEqualTo("failed");
        assertThat(lastRun.path("interrupted").asText()).as("last-run.json: %s", lastRun).isEqualTo("SIGTERM");
        assertThat(lastRun.path("exitCode").asInt()).as("last-run.json: %s", lastRun).isEqualTo(143);
        assertThat(Files.readString(store.resolve(".kaizen/lock"))).as("the lock names no holder").isEmpty();
        assertThat(store.resolve(date)).as("no snapshot of the interrupted run").doesNotExist();

        KaizenProcess.Result status = KaizenProcess.run(KaizenProcess.QUICK_START, "status", "--dest", store.toString());
        assertThat(status.exitCode()).as("status after the interrupted run\n%s", status).isEqualTo(1);
        assertThat(status.stdout() + status.stderr()).as("status").contains("interrupted by SIGTERM");

        KaizenProcess.Result next = KaizenProcess.run(KaizenProcess.QUICK_START, args(engine, date));
        assertThat(next.exitCode()).as("the next run\n%s", next).isZero();
        assertThat(next.stderr()).as("the next run takes over no lock").doesNotContain("took over");
        assertThat(TreeListing.of(store.resolve(date)).below(source.toString().substring(1))
                .differences(TreeListing.of(source))).as("the next run's snapshot equals the source").isEmpty();
        assertNoLeftovers();
    }

    @Test
    void sigtermOrSigkillOfTheRsyncChildAloneFailsTheRunCleanlyAndTheNextRunSucceeds() throws Exception {
        buildSource();
        assertThat(KaizenProcess.run(KaizenProcess.QUICK_START, args("rsync", FIRST)).exitCode()).isZero();
        TreeListing first = TreeListing.of(store.resolve(FIRST));
        int day = 2;
        for (String signal : List.of("TERM", "KILL")) {
            for (String point : List.of("start", "middle")) {
                String date = String.format("2026-03-%02d", day++);
                String context = "SIG" + signal + " to rsync at the " + point + " of its copy, run " + date;
                touchEveryFile();
                Path logs = temp.resolve("logs-" + date);
                Process run = KaizenProcess.start(logs, KaizenProcess.QUICK_START, args("rsync", date));
                ProcessHandle rsync = awaitCopying(run, "rsync", date, logs).orElseThrow();
                if (point.equals("middle")) {
                    awaitHalfCopied(date, rsync);
                }
                if (!rsync.isAlive()) {
                    fail(context + ": rsync finished before the signal; the source is too small for this machine");
                }
                new ProcessBuilder("kill", "-" + signal, Long.toString(rsync.pid())).inheritIO().start().waitFor();
                assertThat(run.waitFor(RUN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).as(context).isTrue();
                String stderr = Files.readString(logs.resolve("stderr"), StandardCharsets.ISO_8859_1);

                assertThat(run.exitValue()).as("%s: exit code\n%s", context, stderr).isEqualTo(1);
                assertThat(stderr).as("%s: stderr", context).contains("FAILED").contains("rsync");
                assertNoCompleteSnapshotOf(date, context);
                assertThat(TreeListing.of(store.resolve(FIRST)).differences(first))
                        .as("%s: the first snapshot is intact", context).isEmpty();
                assertThat(processesWritingInto(store)).as("%s: processes left", context).isEmpty();

                KaizenProcess.Result next = KaizenProcess.run(KaizenProcess.QUICK_START, args("rsync", date));
                assertThat(next.exitCode()).as("%s: the next run\n%s", context, next).isZero();
                assertNoLeftovers();
            }
        }
        KaizenProcess.Result verify = KaizenProcess.run(KaizenProcess.QUICK_START, "verify", "--dest",
                store.toString(), "--all");
        assertThat(verify.exitCode()).as("verify of every snapshot\n%s", verify).isZero();
    }

    /** The run of {@code date} left no snapshot, or one whose manifest says it failed (a failed run's copy). */
    private void assertNoCompleteSnapshotOf(String date, String context) throws IOException {
        Path manifest = store.resolve(date).resolve(".kaizen/manifest.json");
        if (Files.exists(manifest)) {
            assertThat(JSON.readTree(manifest.toFile()).path("status").asText())
                    .as("%s: status in the manifest of the run's copy", context).isEqualTo("failed");
        } else {
            assertThat(store.resolve(date)).as("%s: no snapshot", context).doesNotExist();
        }
    }

    /**
     * Waits until the run's engine copies into {@code DATE.partial}: an rsync child with {@code --delete} in its
     * arguments (returned), or for the Java engine files below the partial and no sums yet.
     */
    private Optional<ProcessHandle> awaitCopying(Process run, String engine, String date, Path logs) throws Exception {
        Path partial = store.resolve(date + ".partial");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_TIMEOUT_MILLIS);
        while (true) {
            if (!run.isAlive() || System.nanoTime() > deadline) {
                run.destroyForcibly();
                fail("the run ended or took too long before its engine copied:\n"
                        + Files.readString(logs.resolve("stderr"), StandardCharsets.ISO_8859_1));
            }
            if (engine.equals("rsync")) {
                Optional<ProcessHandle> rsync = run.children().filter(isRsyncInto(partial)).findFirst();
                if (rsync.isPresent()) {
                    return rsync;
                }
            } else if (Files.isDirectory(partial.resolve(source.toString().substring(1)).resolve("d3"))
                    && !Files.exists(partial.resolve(".kaizen/SHA256SUMS"))) {
                return Optional.empty();
            }
            Thread.sleep(2);
        }
    }

    /** Waits until rsync has created half of the source's directories in the partial, or has ended. */
    private void awaitHalfCopied(String date, ProcessHandle rsync) throws InterruptedException {
        Path middle = store.resolve(date + ".partial").resolve(source.toString().substring(1)).resolve("d" + DIRS / 2);
        while (rsync.isAlive() && !Files.isDirectory(middle)) {
            Thread.sleep(1);
        }
    }

    private static Predicate<ProcessHandle> isRsyncInto(Path partial) {
        return p -> p.info().command().map(c -> c.endsWith("/rsync")).orElse(false)
                && p.info().arguments().map(a -> String.join(" ", a).contains(partial.toString())).orElse(false);
    }

    /** Live processes (other than this JVM) whose arguments or working directory point into {@code dir}. */
    private static List<String> processesWritingInto(Path dir) throws IOException {
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> Long.parseLong(p.getFileName().toString()) != self)
                    .filter(p -> pointsInto(p, dir))
                    .map(p -> p.getFileName() + ": " + commandLine(p)).toList();
        }
    }

    private static boolean pointsInto(Path proc, Path dir) {
        try {
            return commandLine(proc).contains(dir.toString())
                    || Files.readSymbolicLink(proc.resolve("cwd")).startsWith(dir);
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }

    private static String commandLine(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.ISO_8859_1)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private void assertNoLeftovers() throws IOException {
        try (Stream<Path> entries = Files.list(store)) {
            assertThat(entries.map(p -> p.getFileName().toString())).as("leftovers in the store")
                    .noneMatch(n -> n.contains(".partial") || n.endsWith(".deleting") || n.endsWith(".replaced"));
        }
    }

    private String[] args(String engine, String date) {
        return new String[] {"snapshot", "--engine", engine, "--source", source.toString(), "--dest",
                store.toString(), "--date", date};
    }

    /** 1000 small files and 8 MiB in 4 big ones: a copy of a second or so, long enough to signal into. */
    private void buildSource() {
        source = temp.resolve("src");
        store = temp.resolve("store");
        TreeBuilder tree = TreeBuilder.at(source);
        byte[] big = new byte[2 << 20];
        for (int b = 0; b < 4; b++) {
            new Random(b).nextBytes(big);
            tree.file(("big/b" + b).getBytes(StandardCharsets.UTF_8), big.clone());
        }
        for (int d = 0; d < DIRS; d++) {
            for (int f = 0; f < 50; f++) {
                tree.file("d" + d + "/f" + f, ("file " + d + "/" + f + "\n").repeat(20));
            }
        }
    }

    /** Gives every file a new mtime, so the next run copies all of it again instead of linking. */
    private void touchEveryFile() throws IOException {
        FileTime stamp = FileTime.fromMillis(1_700_000_000_000L + ++touches * 1000L);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, stamp);
            }
        }
    }
}
