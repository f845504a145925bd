package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code snapshot: lvm} against real LVM: lvm2 on a loop device, in a virtual machine (this kernel may lack
 * device-mapper), booted once for the class by {@code lvm-vm/run-in-vm}; {@code lvm-vm/scenarios.sh} runs kaizen
 * there in its scenarios and writes their facts, which each test judges.
 */
class LvmSnapshotIT {
    private static final String NOTHING_LEFT = "snapshots 0 mounts 0";

    private static Path work;

    @BeforeAll
    static void runScenariosInVm() throws Exception {
        work = Files.createTempDirectory("kaizen-lvm-");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String options = KaizenProcess.QUICK_START.get("JDK_JAVA_OPTIONS") + " -XX:SharedArchiveFile="
                + work.resolve("kaizen.jsa");
        archiveClasses(java);
        Files.writeString(work.resolve("env"), "JAVA=" + java + "\nJAR=" + KaizenProcess.jar().toAbsolutePath()
                + "\nJAVA_OPTIONS='" + options + "'\n");
        copyResource("scenarios.sh", work.resolve("guest.sh"));
        Path runInVm = copyResource("run-in-vm", work.resolve("run-in-vm"));
        long start = System.nanoTime();
        Process vm = new ProcessBuilder("sh", runInVm.toString(), work.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("run-in-vm.log").toFile()).start();
        if (!vm.waitFor(50, TimeUnit.MINUTES)) {
            vm.destroyForcibly();
            throw new AssertionError("the virtual machine did not finish in 50 minutes; see " + work);
        }
        System.out.printf("LvmSnapshotIT: the virtual machine ran the scenarios in %d s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        assertThat(vm.exitValue()).as(fact("run-in-vm.log") + fact("guest.log")).isZero();
        assertThat(fact("guest.rc")).as(fact("guest.log")).isEqualTo("0");
    }

    /**
     * Archives the classes a snapshot run loads (AppCDS), here where the CPU is not emulated: in the guest, the same
     * JVM and jar map them instead of loading and verifying each, which halves the CPU time of every start.
     */
    private static void archiveClasses(String java) throws Exception {
        Path tree = Files.createDirectories(work.resolve("cds/tree"));
        Files.writeString(tree.resolve("a"), "a");
        Path config = Files.writeString(work.resolve("cds/node.yaml"), "store: " + work.resolve("cds/store")
                + "\nsources:\n  - path: " + tree + "\n");
        Process dump = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:ArchiveClassesAtExit=" + work.resolve("kaizen.jsa"), "-jar", KaizenProcess.jar().toString(),
                "snapshot", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("cds.log").toFile()).start();
        assertThat(dump.waitFor(5, TimeUnit.MINUTES) && dump.exitValue() == 0).as(fact("cds.log")).isTrue();
    }

    private static Path copyResource(String name, Path target) throws IOException {
        try (InputStream in = LvmSnapshotIT.class.getResourceAsStream("/lvm-vm/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private static String fact(String name) throws IOException {
        Path file = work.resolve(name);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "(no " + name + ")";
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "rsync"})
    void filesStampedDuringTheRunAreCopiedAsOfOneMomentFromTheSnapshotWhichIsThenRemoved(String engine)
            throws Exception {
        String run = "lvm-" + engine;
        assertThat(fact(run + ".rc")).as(fact(run + ".out")).isEqualTo("0");
        long[] copy = stamps(run);
        assertThat(ofOneMoment(copy)).as("first, head, tail, last of the copy: %s", Arrays.toString(copy)).isTrue();
        assertThat(Long.parseLong(fact(run + ".live"))).as("the writer went on during the run")
                .isGreaterThan(copy[0] + 1);
        assertThat(fact(run + ".left")).isEqualTo(NOTHING_LEFT);
    }

    /** The control: without the snapshot, the writer moves on while the copy runs, and the copy shows it. */
    @ParameterizedTest
    @ValueSource(strings = {"java", "rsync"})
    void theSameFilesCopiedLiveAreNotOfOneMoment(String engine) throws Exception {
        String run = "live-" + engine;
        assertThat(fact(run + ".rc")).as(fact(run + ".out")).isEqualTo("0");
        long[] copy = stamps(run);
        assertThat(ofOneMoment(copy)).as("first, head, tail, last of the copy: %s", Arrays.toString(copy)).isFalse();
    }

    /**
     * The stamps a copy of the writer's files holds, in the order the writer stamps them: db/first, the head and the
     * tail of db/image, db/last.
     */
    private static long[] stamps(String run) throws IOException {
        String stamps = fact(run + ".stamps");
        assertThat(stamps).as("the copy's stamps").matches("[0-9]+ [0-9]+ [0-9]+ [0-9]+");
        return Arrays.stream(stamps.split(" ")).mapToLong(Long::parseLong).toArray();
    }

    /**
     * Whether stamps can be of one moment: the writer stamps one number into all four in order, then the next, so
     * at any moment each holds its predecessor's number or one less, and the first at most one more than the last.
     */
    private static boolean ofOneMoment(long[] stamps) {
        for (int n = 1; n < stamps.length; n++) {
            if (stamps[n] > stamps[n - 1]) {
                return false;
            }
        }
        return stamps[0] - stamps[stamps.length - 1] <= 1;
    }

    @Test
    void aSnapshotThatOverflowsFailsTheRunNamingTheSettingAndIsRemoved() throws Exception {
        assertThat(fact("failed.rc")).as(fact("failed.out")).isEqualTo("1");
        assertThat(fact("failed.out")).contains("path /srv/data/image: ", "kz/kaizen-snap-",
                "ran out of room for the changes made during the copy (raise lvm-snapshot-size)");
        assertThat(fact("failed.left")).isEqualTo(NOTHING_LEFT);
    }

    @Test
    void aRunKilledMidCopyLeavesItsSnapshotWhichTheNextRunRemovesBeforeCopyingFromItsOwn() throws Exception {
        assertThat(fact("killed.seen")).as("the snapshot was mounted before the kill").isEqualTo("mounted");
        assertThat(fact("killed.rc")).as(fact("killed.out")).isEqualTo("137");
        assertThat(fact("killed.left")).as("SIGKILL left the snapshot mounted").isEqualTo("snapshots 1 mounts 1");
        assertThat(fact("after-kill.rc")).as("warns of the lock it took over: " + fact("after-kill.out"))
                .isEqualTo("3");
        assertThat(fact("after-kill.out")).contains("took over the lock", "path /srv/data/tree: ok");
        assertThat(fact("after-kill.left")).isEqualTo(NOTHING_LEFT);
        assertThat(fact("after-kill.files")).as("the whole tree, copied by rsync from the snapshot").isEqualTo("2000");
    }

    @Test
    void aRunStoppedBySigtermRemovesItsSnapshotBeforeItExits() throws Exception {
        assertThat(fact("terminated.seen")).as("the snapshot was mounted before SIGTERM").isEqualTo("mounted");
        assertThat(fact("terminated.rc")).as(fact("terminated.out")).isEqualTo("143");
        assertThat(fact("terminated.out")).containsPattern("LVM snapshot kz/kaizen-snap-[0-9-]+ removed");
        assertThat(fact("terminated.left")).isEqualTo(NOTHING_LEFT);
    }
}
