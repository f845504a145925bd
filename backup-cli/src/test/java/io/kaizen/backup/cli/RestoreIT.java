package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kaizen restore --path} from a store made by {@code kaizen snapshot}: attributes, symlinks and hard links
 * come back; a missing target is created; newer files in the target are kept unless --force; --dry-run lists
 * and changes nothing; snapshots are chosen by date or as 'latest'.
 */
class RestoreIT {
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 10);
    private static final String D1 = TODAY.minusDays(2).toString();
    private static final String D2 = TODAY.minusDays(1).toString();
    private static final Instant OLD = Instant.parse("2020-01-01T00:00:00Z");

    @TempDir
    Path tmp;
    private Path source;
    private Path store;
    private String app;

    /** Runs kaizen in-process, at 02:30 UTC on {@link #TODAY}. */
    private static KaizenProcess.Result kaizen(String... args) {
        return InProcess.run(InProcess.at(TODAY), args);
    }

    @BeforeEach
    void twoSnapshots() throws Exception {
        source = tmp.resolve("src");
        store = tmp.resolve("store");
        app = source.resolve("etc/app").toString();
        TreeBuilder tree = TreeBuilder.at(source)
                .file("etc/app/a.conf", "a1").permissions("etc/app/a.conf", "rw-r-----").owner("etc/app/a.conf", 1234, 5678)
                .hardlink("etc/app/a-hard", "etc/app/a.conf")
                .symlink("etc/app/link", "a.conf")
                .symlink("etc/app/dangling", "/nonexistent")
                .dir("etc/app/empty")
                .file("etc/app/sub/tool", "#!/bin/sh\n").mode("etc/app/sub/tool", 04755)
                .file("etc/app/c.conf", "c").mtime("etc/app/c.conf", OLD)
                .symlink("etc/linked", "app");
        tree.mtime("etc/app/a.conf", OLD);
        assertThat(snapshot(D1)).isZero();
        tree.file("etc/app/a.conf", "a2, newer").mtime("etc/app/a.conf", OLD.plusSeconds(60));
        assertThat(snapshot(D2)).isZero();
    }

    private int snapshot(String date) throws Exception {
        KaizenProcess.Result run = kaizen("snapshot", "--source", source.toString(), "--dest", store.toString(),
                "--date", date);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run.exitCode();
    }

    private KaizenProcess.Result restore(String... more) throws Exception {
        String[] args = new String[more.length + 3];
        args[0] = "restore";
        args[1] = "--dest";
        args[2] = store.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return kaizen(args);
    }

    private static String relative(Path absolute) {
        return absolute.toString().substring(1);
    }

    @Test
    void modeOwnerMtimeSymlinksAndHardLinksComeBackIntoATargetThatDidNotExist() throws Exception {
        Path target = tmp.resolve("not/yet/there");
        KaizenProcess.Result run = restore("--snapshot", "latest", "--path", app, "--to", target.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(TreeListing.of(target).below(relative(source) + "/etc/app")
                .differences(TreeListing.of(source).below("etc/app"))).isEmpty();
        assertThat(Files.isSameFile(target.resolve(relative(source)).resolve("etc/app/a.conf"),
                target.resolve(relative(source)).resolve("etc/app/a-hard"))).isTrue();
        assertThat(store.resolve(D2)).as("the store is not changed").isDirectory();
    }

    @Test
    void aDateSelectsThatSnapshotAndLatestTheNewest() throws Exception {
        Path old = tmp.resolve("old");
        Path latest = tmp.resolve("latest");
        assertThat(restore("--snapshot", D1, "--path", app + "/a.conf", "--to", old.toString()).exitCode()).isZero();
        assertThat(restore("--path", app + "/a.conf", "--to", latest.toString()).exitCode()).isZero();
        assertThat(old.resolve(relative(source)).resolve("etc/app/a.conf")).hasContent("a1");
        assertThat(latest.resolve(relative(source)).resolve("etc/app/a.conf")).hasContent("a2, newer");
        assertThat(old.resolve(relative(source)).resolve("etc/app/c.conf")).as("only the path asked for").doesNotExist();
    }

    @Test
    void aFileNewerInTheTargetIsKeptAndNamedUnlessForced() throws Exception {
        Path target = tmp.resolve("target");
        assertThat(restore("--path", app, "--to", target.toString()).exitCode()).isZero();
        TreeBuilder restored = TreeBuilder.at(target.resolve(relative(source)).resolve("etc/app"));
        restored.file("c.conf", "edited locally after the backup").mtime("c.conf", InProcess.at(TODAY).instant());
        restored.file("sub/tool", "older and different").mtime("sub/tool", OLD.minusSeconds(3600));

        KaizenProcess.Result kept = restore("--path", app, "--to", target.toString());
        assertThat(kept.exitCode()).as(kept.toString()).isEqualTo(3);
        assertThat(kept.stderr()).contains("kept " + relative(source) + "/etc/app/c.conf: newer in the target",
                "--force overwrites it");
        assertThat(restored.path("c.conf")).hasContent("edited locally after the backup");
        assertThat(restored.path("sub/tool")).as("an older file is restored").hasContent("#!/bin/sh\n");

        KaizenProcess.Result forced = restore("--path", app, "--to", target.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(restored.path("c.conf")).hasContent("c");
    }

    @Test
    void aDryRunListsWhatWouldChangeAndChangesNothing() throws Exception {
        Path target = tmp.resolve("target");
        assertThat(restore("--path", app, "--to", target.toString()).exitCode()).isZero();
        TreeBuilder restored = TreeBuilder.at(target.resolve(relative(source)).resolve("etc/app"));
        restored.file("sub/tool", "older and different").mtime("sub/tool", OLD.minusSeconds(3600));
        Files.delete(restored.path("c.conf"));
        TreeListing before = TreeListing.of(tmp);

        KaizenProcess.Result dry = restore("--path", app, "--to", target.toString(), "--dry-run", "--quiet");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.stdout()).contains("etc/app/sub/tool", "etc/app/c.conf").doesNotContain("a.conf");
        assertThat(TreeListing.of(tmp).differences(before)).isEmpty();

        KaizenProcess.Result fresh = restore("--path", app, "--to", tmp.resolve("fresh/x").toString(), "--dry-run");
        assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
        assertThat(fresh.stdout()).contains("etc/app/a.conf");
        assertThat(tmp.resolve("fresh")).as("a dry run creates no target").doesNotExist();
    }

    @Test
    void aPathBelowASymlinkInTheSnapshotIsRefused() throws Exception {
        TreeListing before = TreeListing.of(tmp);
        KaizenProcess.Result run = restore("--path", source.resolve("etc/linked/a.conf").toString(), "--to",
                tmp.resolve("r").toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr()).contains("lies below a symlink in snapshot " + D2 + " (/" + relative(source) + "/etc/linked)");
        assertThat(TreeListing.of(tmp).differences(before)).isEmpty();
    }

    @Test
    void aTargetOtherUsersCanWriteIsRefusedWithNothingWrittenUnlessForced() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

        KaizenProcess.Result refused = restore("--path", app, "--to", shared.toString());

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr()).contains(shared + " is writable by other users (mode 0777)").contains("--force");
        try (Stream<Path> entries = Files.list(shared)) {
            assertThat(entries).as("nothing written into the target").isEmpty();
        }
        KaizenProcess.Result forced = restore("--path", app, "--to", shared.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(shared.resolve(relative(source) + "/etc/app/a.conf")).hasContent("a2, newer");
        try (Stream<Path> entries = Files.list(shared)) {
            assertThat(entries.map(p -> p.getFileName().toString())).as("the staging directory was removed")
                    .noneMatch(n -> n.startsWith(".kaizen-restore-"));
        }
    }

    @Test
    void aPlantedSymlinkSwapInAWorldWritableTargetWritesNothingOutsideIt() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Path etc = Files.createDirectories(shared.resolve(relative(source) + "/etc"));
        // Another user replaced the directory to be restored by a symlink that leads out of the target.
        Files.createSymbolicLink(etc.resolve("app"), outside);

        KaizenProcess.Result refused = restore("--path", app, "--to", shared.toString());

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr()).contains("writable by other users")
                .contains(etc.resolve("app") + " is a symlink where the snapshot has a directory");
        try (Stream<Path> entries = Files.list(outside)) {
            assertThat(entries).as("nothing written outside the target").isEmpty();
        }
        assertThat(Files.isSymbolicLink(etc.resolve("app"))).as("the link was left alone").isTrue();

        KaizenProcess.Result forced = restore("--path", app, "--to", shared.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        try (Stream<Path> entries = Files.list(outside)) {
            assertThat(entries).as("nothing written outside the target, even forced").isEmpty();
        }
        assertThat(etc.resolve("app")).as("forced: a real directory replaced the link").isDirectory();
        assertThat(Files.isSymbolicLink(etc.resolve("app"))).isFalse();
        assertThat(etc.resolve("app/a.conf")).hasContent("a2, newer");
    }

    @Test
    void aSymlinkOnTheWayIsRefusedEvenInAPrivateTarget() throws Exception {
        Path target = Files.createDirectory(tmp.resolve("target"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere/etc"));
        Files.createDirectories(target.resolve(relative(source)));
        Files.createSymbolicLink(target.resolve(relative(source) + "/etc"), elsewhere);

        KaizenProcess.Result refused = restore("--path", app, "--to", target.toString());

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr()).contains(target.resolve(relative(source) + "/etc")
                + " is a symlink where the snapshot has a directory");
        try (Stream<Path> entries = Files.list(elsewhere)) {
            assertThat(entries).as("nothing written through the link").isEmpty();
        }
    }
}
