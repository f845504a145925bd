package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.testing.TreeBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run per store (docs/FORMAT.md, {@code .kaizen/lock}): a second run while the first holds the lock
 * exits 1 naming the holder's pid and changes nothing, also when both start at the same instant; a lock left by a
 * run killed with SIGKILL is taken over by the next run, with a warning naming the dead pid and exit 3, after it
 * stopped the dead run's child that was still running.
 *
 * <p>The first run is held in the middle of its work by a dump source that waits for a gate file the test
 * creates, so the overlap does not depend on timing.
 */
class StoreLockIT {
    private static final String DATE = "2026-07-01";

    @TempDir
    Path temp;

    private Path source;
    private Path store;
    private Path gate;
    private Path slowConfig;

    @BeforeEach
    void sourceAndSlowConfig() throws IOException {
        source = temp.resolve("src");
        store = temp.resolve("store");
        gate = temp.resolve("gate");
        TreeBuilder.at(source).file("etc/app.conf", "setting = 1\n").file("var/data", "data\n");
        // The dump waits (at most 60 s) for the gate file, then writes its output.
        slowConfig = Files.writeString(temp.resolve("slow.yaml"), "store: " + store + "\n"
                + "sources:\n"
                + "  - path: " + source + "\n"
                + "  - dump: slow\n"
                + "    command: [sh, -c, 'i=0; while [ ! -e " + gate + " ] && [ $i -lt 600 ]; do sleep 0.1; "
                + "i=$((i+1)); done; echo done']\n");
    }

    @Test
    void secondRunWhileTheLockIsHeldExits1NamingTheHolder() throws Exception {
        Process holder = KaizenProcess.start(temp.resolve("logs-holder"), KaizenProcess.QUICK_START, "snapshot",
                "--engine", "rsync", "--config", slowConfig.toString(), "--date", DATE);
        try {
            awaitHoldingTheLockInTheDump(holder, "logs-holder");

            KaizenProcess.Result second = KaizenProcess.run(KaizenProcess.QUICK_START, "snapshot", "--engine", "rsync",
                    "--source", source.toString(), "--dest", store.toString(), "--date", "2026-07-02");

            assertThat(holder.isAlive()).as("the first run still holds the lock").isTrue();
            assertThat(second.exitCode()).as("a second run on a locked store\n%s", second).isEqualTo(1);
            assertThat(second.stderr()).as("stderr of the second run").contains("locked")
                    .contains("pid " + holder.pid());
            assertThat(storeEntries()).as("the second run changed nothing")
                    .doesNotContain("2026-07-02", "2026-07-02.partial");

            Files.writeString(gate, "go\n");
            assertThat(holder.waitFor(2, TimeUnit.MINUTES)).as("the first run finished").isTrue();
            assertThat(holder.exitValue()).as("the first run\n%s", logs("logs-holder")).isZero();
            assertThat(store.resolve(DATE).resolve("dumps/slow")).hasContent("done\n");
            KaizenProcess.Result verify = KaizenProcess.run(KaizenProcess.QUICK_START, "verify", "--dest", store.toString(), DATE);
            assertThat(verify.exitCode()).as("kaizen verify\n%s", verify).isZero();
        } finally {
            killTree(holder);
        }
    }

    @Test
    void lockOfAKilledRunIsTakenOverWithAWarningNamingTheDeadPid() throws Exception {
        Process killed = KaizenProcess.start(temp.resolve("logs-killed"), KaizenProcess.QUICK_START, "snapshot",
                "--engine", "rsync", "--config", slowConfig.toString(), "--date", DATE);
        long deadPid = killed.pid();
        try {
            awaitHoldingTheLockInTheDump(killed, "logs-killed");
        } finally {
            killTree(killed);
        }
        assertThat(killed.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        assertThat(Files.readString(store.resolve(".kaizen/lock"))).as("the dead run's lock content")
                .contains(Long.toString(deadPid));

        KaizenProcess.Result next = KaizenProcess.run(KaizenProcess.QUICK_START, "snapshot", "--engine", "rsync",
                "--source", source.toString(), "--dest", store.toString(), "--date", DATE);

        assertThat(next.exitCode()).as("the run after the killed one: a takeover is a warning\n%s", next)
                .isEqualTo(3);
        assertThat(next.stderr()).as("stderr of the run after the killed one")
                .contains("warning").contains("lock").contains("pid " + deadPid);
        assertThat(storeEntries()).as("the killed run's partial snapshot was cleaned up")
                .containsExactlyInAnyOrder(".kaizen", DATE);
        KaizenProcess.Result verify = KaizenProcess.run(KaizenProcess.QUICK_START, "verify", "--dest", store.toString(), DATE);
        assertThat(verify.exitCode()).as("kaizen verify\n%s", verify).isZero();
    }

    @Test
    void aTakeoverStopsTheDeadRunsChildStillRunningBeforeItWrites() throws Exception {
        Process killed = KaizenProcess.start(temp.resolve("logs-killed"), KaizenProcess.QUICK_START, "snapshot",
                "--engine", "rsync", "--config", slowConfig.toString(), "--date", DATE);
        long deadPid = killed.pid();
        ProcessHandle dump;
        try {
            awaitHoldingTheLockInTheDump(killed, "logs-killed");
            dump = killed.descendants().filter(p -> p.info().arguments()
                    .map(args -> String.join(" ", args).contains(gate.toString())).orElse(false)).findFirst().orElseThrow();
        } finally {
            killed.destroyForcibly();
            killed.waitFor();
        }
        assertThat(dump.isAlive()).as("the dead run's dump command goes on, re-parented").isTrue();

        KaizenProcess.Result next = KaizenProcess.run(KaizenProcess.QUICK_START, "snapshot", "--engine", "rsync",
                "--source", source.toString(), "--dest", store.toString(), "--date", DATE);

        assertThat(dump.isAlive()).as("the dead run's dump command after the takeover").isFalse();
        assertThat(next.exitCode()).as("the run that took over\n%s", next).isEqualTo(3);
        assertThat(next.stderr()).as("stderr of the run that took over").contains("took over the lock")
                .contains("pid " + deadPid).contains("stopped its processes").contains(Long.toString(dump.pid()));
        assertThat(storeEntries()).as("the killed run's partial snapshot was cleaned up")
                .containsExactlyInAnyOrder(".kaizen", DATE);
    }

    @Test
    void twoRunsStartedTogetherTheLoserNamesTheHolderEveryTime() throws Exception {
        for (int round = 1; round <= 4; round++) {
            String date = "2026-07-0" + round;
            Files.deleteIfExists(gate);
            Process a = KaizenProcess.start(temp.resolve("logs-a" + round), KaizenProcess.QUICK_START, "snapshot",
                    "--engine", "rsync", "--config", slowConfig.toString(), "--date", date);
            Process b = KaizenProcess.start(temp.resolve("logs-b" + round), KaizenProcess.QUICK_START, "snapshot",
                    "--engine", "rsync", "--config", slowConfig.toString(), "--date", date);
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (a.isAlive() && b.isAlive()) {
                    assertThat(System.nanoTime()).as("round %d: one of the two runs gives up", round).isLessThan(deadline);
                    Thread.sleep(20);
                }
                Process loser = a.isAlive() ? b : a;
                Process winner = loser == a ? b : a;
                String loserLogs = loser == a ? "logs-a" + round : "logs-b" + round;
                assertThat(loser.exitValue()).as("round %d: the loser\n%s", round, logs(loserLogs)).isEqualTo(1);
                assertThat(logs(loserLogs)).as("round %d: the loser's stderr names the holder", round)
                        .contains("locked by pid " + winner.pid() + " on host ");
                Files.writeString(gate, "go\n");
                assertThat(winner.waitFor(2, TimeUnit.MINUTES)).as("round %d: the winner finished", round).isTrue();
                assertThat(winner.exitValue()).as("round %d: the winner", round).isZero();
            } finally {
                killTree(a);
                killTree(b);
            }
        }
    }

    /** Waits until {@code run} holds the store's lock and its dump command is running. */
    private void awaitHoldingTheLockInTheDump(Process run, String logName) throws Exception {
        Path lock = store.resolve(".kaizen/lock");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            assertThat(run.isAlive()).as("the slow run is running\n%s", logs(logName)).isTrue();
            assertThat(System.nanoTime()).as("the slow run reached its dump within 2 minutes").isLessThan(deadline);
            boolean locked = Files.exists(lock) && Files.readString(lock).contains(Long.toString(run.pid()));
            boolean dumping = run.descendants().anyMatch(p -> p.info().arguments()
                    .map(args -> String.join(" ", args).contains(gate.toString())).orElse(false));
            if (locked && dumping) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** SIGKILLs a run and the dump command it started. */
    private static void killTree(Process run) throws InterruptedException {
        List<ProcessHandle> children = run.descendants().toList();
        run.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        run.waitFor();
    }

    private List<String> storeEntries() throws IOException {
        try (Stream<Path> entries = Files.list(store)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        }
    }

    private String logs(String name) throws IOException {
        Path dir = temp.resolve(name);
        if (!Files.isDirectory(dir)) {
            return "";
        }
        return "--- stdout\n" + Files.readString(dir.resolve("stdout"), StandardCharsets.ISO_8859_1)
                + "--- stderr\n" + Files.readString(dir.resolve("stderr"), StandardCharsets.ISO_8859_1);
    }
}
