package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.fs.TreeRemoval;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store on a small file system that fills up: the run that does not fit fails
 * with exit 1 and says why on stderr, earlier snapshots stay intact, nothing incomplete passes for a snapshot, and
 * once the extra data is gone from the source the next run succeeds.
 *
 * <p>The store is a 32 MiB tmpfs (or, where tmpfs cannot be mounted, a loop-mounted ext4 image), unmounted after
 * each test. Each test runs for both engines, in-process at a fixed clock.
 */
class DiskFullIT {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private Path mount;
    private boolean mounted;
    private Path source;
    private Path store;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        mount = Files.createDirectories(temp.resolve("mnt"));
        mounted = exec("mount", "-t", "tmpfs", "-o", "size=32m,mode=0700", "tmpfs", mount.toString()) == 0;
        if (!mounted) {
            Path image = temp.resolve("store.img");
            try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(32L << 20);
            }
            mounted = exec("mkfs.ext4", "-q", "-F", image.toString()) == 0
                    && exec("mount", "-o", "loop", image.toString(), mount.toString()) == 0;
        }
        Assumptions.assumeTrue(mounted, "cannot mount a small file system (tmpfs or loop ext4) at " + mount
                + ": this test needs root and mount rights");
        source = temp.resolve("src");
        store = mount.resolve("store");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted && exec("umount", mount.toString()) != 0) {
            exec("umount", "-l", mount.toString());
        }
    }

    @ParameterizedTest(name = "engine {0}")
    @ValueSource(strings = {"rsync", "java"})
    void runThatDoesNotFitFailsKeepsEarlierSnapshotsAndTheNextRunSucceeds(String engine) throws Exception {
        TreeBuilder tree = TreeBuilder.at(source);
        randomFiles(tree, "base/f", 200, 40 << 10, 1);
        tree.file("etc/app.conf", "setting = 1\n").symlink("etc/current", "app.conf");
        KaizenProcess.Result first = snapshot(engine, "2026-03-01");
        assertThat(first.exitCode()).as("first snapshot (8 MiB) fits\n%s", first).isZero();
        TreeListing firstListing = TreeListing.of(store.resolve("2026-03-01"));

        randomFiles(tree, "extra/x", 40, 1 << 20, 2);
        KaizenProcess.Result full = snapshot(engine, "2026-03-02");

        assertThat(full.exitCode()).as("a run whose new data (40 MiB) exceeds the free space\n%s", full)
                .isEqualTo(1);
        assertThat(full.stderr()).as("stderr of the failed run\n%s", full).contains("FAILED");
        assertThat(TreeListing.of(store.resolve("2026-03-01")).differences(firstListing))
                .as("the first snapshot after the failed run").isEmpty();
        assertVerifies("2026-03-01");
        assertEveryDateDirIsACompleteSnapshot("after the failed run");
        assertNotASuccess("2026-03-02");

        TreeRemoval.delete(source.resolve("extra"));
        KaizenProcess.Result next = snapshot(engine, "2026-03-03");
        assertThat(next.exitCode()).as("the next run, once the extra data is gone\n%s", next).isZero();
        assertVerifies("2026-03-03");
        assertThat(TreeListing.of(store.resolve("2026-03-03")).below(source.toString().substring(1))
                .differences(TreeListing.of(source))).as("the next run's snapshot equals the source").isEmpty();
        assertThat(TreeListing.of(store.resolve("2026-03-01")).differences(firstListing))
                .as("the first snapshot at the end").isEmpty();
        assertEveryDateDirIsACompleteSnapshot("after the next run");

        // Last, so that the checks above are reported even while this one fails: the operator who gets this
        // mail must learn that the store is full, not only that some write failed.
        assertThat(full.stderr()).as("stderr of the run that filled the store names the cause\n%s", full)
                .contains("No space left on device");
        assertThat(full.stderr().lines().filter(l -> l.matches(".*extra/x\\d+\"?: .*No space left on device.*")))
                .as("the cause is told with the file that did not fit\n%s", full).isNotEmpty();
    }

    /**
     * The failed run fills the store to the last few hundred KiB (a large file that fits, then 1 MiB files until
     * one does not), so that what is left is less than the next snapshot's own SHA256SUMS and manifest. Once the
     * extra data is gone from the source, the next run must still succeed: the half-copied extra data of the
     * failed run must not keep the store full for ever (retention never runs after a failed run, so nothing
     * would ever free it).
     */
    @ParameterizedTest(name = "engine {0}")
    @ValueSource(strings = {"rsync", "java"})
    void runThatFilledTheStoreToTheBrimDoesNotWedgeIt(String engine) throws Exception {
        TreeBuilder tree = TreeBuilder.at(source);
        for (int i = 0; i < 3000; i++) {
            tree.file("d" + i / 100 + "/file-with-a-longish-name-" + i, ("content of file " + i + "\n").repeat(50));
        }
        KaizenProcess.Result first = snapshot(engine, "2026-04-01");
        assertThat(first.exitCode()).as("first snapshot (3000 files) fits\n%s", first).isZero();

        byte[] sizer = new byte[480 << 10];
        new Random(3).nextBytes(sizer);
        tree.file("extra/a".getBytes(StandardCharsets.UTF_8), sizer);
        randomFiles(tree, "extra/x", 30, 1 << 20, 4);
        KaizenProcess.Result full = snapshot(engine, "2026-04-02");
        assertThat(full.exitCode()).as("a run whose new data exceeds the free space\n%s", full).isEqualTo(1);
        assertVerifies("2026-04-01");
        assertEveryDateDirIsACompleteSnapshot("after the failed run");
        assertNotASuccess("2026-04-02");

        TreeRemoval.delete(source.resolve("extra"));
        KaizenProcess.Result next = snapshot(engine, "2026-04-03");
        assertThat(next.exitCode()).as("the next run, once the extra data is gone (store usage: %s)\n%s",
                usage(), next).isZero();
        assertVerifies("2026-04-03");
        assertEveryDateDirIsACompleteSnapshot("after the next run");
    }

    private KaizenProcess.Result snapshot(String engine, String date) {
        return InProcess.run(InProcess.at(LocalDate.parse(date)), "snapshot", "--engine", engine, "--source",
                source.toString(), "--dest", store.toString(), "--date", date);
    }

    private void assertVerifies(String date) {
        KaizenProcess.Result verify = InProcess.run(InProcess.at(LocalDate.parse(date)), "verify", "--dest",
                store.toString(), date);
        assertThat(verify.exitCode()).as("kaizen verify %s\n%s", date, verify).isZero();
    }

    /** The run of {@code date} failed: it left no snapshot, or one whose manifest says so. */
    private void assertNotASuccess(String date) throws IOException {
        Path manifest = store.resolve(date).resolve(".kaizen/manifest.json");
        if (Files.exists(manifest)) {
            assertThat(JSON.readTree(manifest.toFile()).path("status").asText())
                    .as("status of the snapshot %s made by the run that did not fit", date).isEqualTo("failed");
        }
    }

    /** Each date-named directory has a manifest naming it, and sha256sum -c accepts its SHA256SUMS. */
    private void assertEveryDateDirIsACompleteSnapshot(String context) throws Exception {
        List<Path> dirs;
        try (Stream<Path> entries = Files.list(store)) {
            dirs = entries.filter(p -> DATE.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            JsonNode manifest;
            try {
                manifest = JSON.readTree(dir.resolve(".kaizen/manifest.json").toFile());
            } catch (IOException e) {
                throw new AssertionError(context + ": " + name + " has no readable manifest: " + e, e);
            }
            assertThat(manifest.path("snapshot").asText()).as("%s: manifest of %s names it", context, name)
                    .isEqualTo(name);
            assertThat(manifest.path("status").asText()).as("%s: status of %s", context, name)
                    .isIn("succeeded", "warnings", "failed");
            KaizenProcess.assertSha256sumCheck(dir, context);
        }
    }

    private static void randomFiles(TreeBuilder tree, String prefix, int count, int size, long seed) {
        Random random = new Random(seed);
        byte[] content = new byte[size];
        for (int i = 0; i < count; i++) {
            random.nextBytes(content);
            tree.file((prefix + i).getBytes(StandardCharsets.UTF_8), content);
        }
    }

    private String usage() throws IOException {
        var fileStore = Files.getFileStore(mount);
        return (fileStore.getTotalSpace() - fileStore.getUsableSpace()) / 1024 + " KiB used, "
                + fileStore.getUsableSpace() / 1024 + " KiB free";
    }

    private static int exec(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }
}
