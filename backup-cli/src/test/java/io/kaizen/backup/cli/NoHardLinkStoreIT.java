package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.fs.TreeRemoval;
import io.kaizen.backup.testing.FileSystemImage;
import io.kaizen.backup.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store on exFAT (through FUSE), which refuses {@code link()} with EPERM: both engines alike refuse it with one
 * message naming the file system type (exit 1) and write no snapshot; with
 * {@code --accept-store-without-hard-links} both copy everything and warn on every run (exit 3). A chown the
 * file system refuses is told with the file system and what to do; so are ACLs and extended attributes it cannot
 * keep.
 */
class NoHardLinkStoreIT {
    private FileSystemImage image;
    private Path source;
    private Path store;

    /**
     * The source lives in the build directory, not under /tmp: exFAT keeps no sticky bit, so the copy of /tmp
     * (mode 1777) as a parent of the source would fail with either engine, hard links or not.
     */
    @BeforeEach
    void mountExfat() throws Exception {
        image = FileSystemImage.exfat(64L << 20);
        source = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "no-hard-links-src");
        TreeBuilder.at(source).file("etc/app.conf", "setting = 1\n").file("etc/other.conf", "other = 2\n");
        store = image.mountPoint().resolve("store");
    }

    @AfterEach
    void unmount() throws Exception {
        image.close();
        TreeRemoval.delete(source);
    }

    @ParameterizedTest(name = "engine {0}")
    @ValueSource(strings = {"java", "rsync"})
    void aStoreThatCannotHardLinkIsRefusedWithOneClearMessage(String engine) throws Exception {
        KaizenProcess.Result refused = snapshot(engine, "2026-07-01");

        assertThat(refused.exitCode()).as("a store that cannot hard-link\n%s", refused).isEqualTo(1);
        assertThat(refused.stderr()).as("stderr names the cause and the file system type\n%s", refused)
                .contains("cannot hard-link").contains("type fuseblk").contains("Operation not permitted")
                .contains("accept-store-without-hard-links");
        assertThat(refused.stderr().lines().filter(l -> l.contains("cannot hard-link")).count())
                .as("one message, not one per file\n%s", refused).isEqualTo(1);
        assertThat(storeEntries()).as("nothing but the store's metadata directory was written")
                .containsExactly(".kaizen");
    }

    @ParameterizedTest(name = "engine {0}")
    @ValueSource(strings = {"java", "rsync"})
    void acceptedItCopiesEverythingAndWarnsEveryRun(String engine) throws Exception {
        for (String date : List.of("2026-07-01", "2026-07-02")) {
            KaizenProcess.Result run = snapshot(engine, date, "--accept-store-without-hard-links");
            assertThat(run.exitCode()).as("run of %s on an accepted store without hard links\n%s", date, run)
                    .isEqualTo(3);
            assertThat(run.stderr()).as("the warning of %s\n%s", date, run).contains("warning")
                    .contains("cannot hard-link").contains("every file is copied");
            assertThat(store.resolve(date).resolve(source.toString().substring(1)).resolve("etc/app.conf"))
                    .as("the snapshot of %s", date).hasContent("setting = 1\n");
        }
    }

    /** exFAT keeps no owners: a file owned by another user fails the run, told with the file system and a way out. */
    @ParameterizedTest(name = "engine {0}")
    @ValueSource(strings = {"java", "rsync"})
    void aRefusedChownNamesTheFileSystemAndWhatToDo(String engine) throws Exception {
        TreeBuilder.at(source).file("srv/owned", "by someone else\n").owner("srv/owned", 1234, 5678);

        KaizenProcess.Result run = snapshot(engine, "2026-07-01", "--accept-store-without-hard-links");

        assertThat(run.exitCode()).as("a run that must chown on exFAT\n%s", run).isEqualTo(1);
        assertThat(run.stderr()).as("stderr names the file, the file system and what to do\n%s", run)
                .containsPattern("srv/\\.?owned").contains("(type fuseblk) refuses chown").contains("ext4, XFS, Btrfs");
    }

    /**
     * exFAT keeps no extended attributes. The Java engine copies a source with an ACL and a user attribute and
     * tells the loss as one warning (exit 3), not one error per file; rsync -A -X counts each refusal as an error
     * (its exit 23) and leaves those files out, so the rsync engine fails the source, naming the refusals.
     */
    @ParameterizedTest(name = "engine {0}")
    @ValueSource(strings = {"java", "rsync"})
    void aclsAndAttributesTheStoreCannotKeepAreOneWarningOfTheJavaEngine(String engine) throws Exception {
        TreeBuilder.at(source).file("srv/acl", "a\n").acl("srv/acl", "u:1234:r--")
                .file("srv/attribute", "x\n").xattr("srv/attribute", "user.origin", "node-1");

        KaizenProcess.Result run = snapshot(engine, "2026-07-01", "--accept-store-without-hard-links");

        if (engine.equals("java")) {
            assertThat(run.exitCode()).as("a run whose ACLs exFAT cannot keep\n%s", run).isEqualTo(3);
            assertThat(run.stderr()).as("one warning for both entries\n%s", run)
                    .contains("2 entries' ACLs and extended attributes not kept").contains("Operation not supported");
        } else {
            assertThat(run.exitCode()).as("rsync's exit 23\n%s", run).isEqualTo(1);
            assertThat(run.stderr()).as("rsync names each refusal\n%s", run).contains("rsync exited with 23")
                    .contains("set_acl").contains("\"user.origin\") failed: Operation not supported");
        }
        Path copy = store.resolve("2026-07-01").resolve(source.toString().substring(1)).resolve("srv/acl");
        if (engine.equals("java")) {
            assertThat(copy).hasContent("a\n");
        } else {
            assertThat(copy).as("rsync leaves out a file whose ACL it could not set").doesNotExist();
        }
    }

    private KaizenProcess.Result snapshot(String engine, String date, String... more) {
        List<String> args = new ArrayList<>(List.of("snapshot", "--engine", engine, "--source", source.toString(),
                "--dest", store.toString(), "--date", date));
        args.addAll(List.of(more));
        return InProcess.run(InProcess.at(LocalDate.parse(date)), args.toArray(String[]::new));
    }

    private List<String> storeEntries() throws Exception {
        try (Stream<Path> entries = Files.list(store)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
