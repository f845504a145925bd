package io.kaizen.backup.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.fs.ProcessIdentity;
import io.kaizen.backup.report.RunReport;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.source.DumpSource;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.verify.Verifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SnapshotJob with the real rsync on real directories. */
class SnapshotJobIT {
    @TempDir
    Path tmp;
    Path source;
    Path storeDir;
    SnapshotStore store;

    @BeforeEach
    void tree() {
        source = tmp.resolve("src");
        TreeBuilder.at(source).file("etc/a.conf", "a").file("etc/b.conf", "b").file("lib/data", "data")
                .file("lib/cache/junk", "junk").file("lib/sub/cache/kept", "kept");
        storeDir = tmp.resolve("store");
        store = SnapshotStore.at(storeDir);
    }

    private RunReport run(String date, SnapshotRequest.Builder builder) {
        Clock clock = Clock.fixed(Instant.parse(date + "T02:30:00Z"), ZoneOffset.UTC);
        return new SnapshotJob(clock, SnapshotListener.NONE).run(builder.store(storeDir).host("node-1").build());
    }

    private SnapshotRequest.Builder paths() {
        return SnapshotRequest.builder().source(new PathSource(source, FilterRules.NONE)).engine("rsync");
    }

    private Path inSnapshot(String date, String relative) {
        return storeDir.resolve(date).resolve(source.toString().substring(1)).resolve(relative);
    }

    @Test
    void unchangedFilesAreHardLinkedToTheNewestCompleteSnapshotEvenAfterAGap() throws Exception {
        assertThat(run("2026-11-20", paths()).status()).isEqualTo(RunStatus.SUCCEEDED);
        Files.writeString(source.resolve("etc/b.conf"), "changed");
        RunReport second = run("2026-11-24", paths());

        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.isSameFile(inSnapshot("2026-11-20", "etc/a.conf"), inSnapshot("2026-11-24", "etc/a.conf"))).isTrue();
        assertThat(Files.isSameFile(inSnapshot("2026-11-20", "etc/b.conf"), inSnapshot("2026-11-24", "etc/b.conf"))).isFalse();
        assertThat(inSnapshot("2026-11-24", "etc/b.conf")).hasContent("changed");
        assertThat(inSnapshot("2026-11-20", "etc/b.conf")).hasContent("b");
        assertThat(second.counts().filesCopied()).isEqualTo(2);
        assertThat(second.counts().filesLinked()).isEqualTo(4);
        assertThat(second.counts().files()).isEqualTo(6);
    }

    @Test
    void theSnapshotHasBackupInfoManifestAndSumsThatVerify() throws Exception {
        RunReport report = run("2026-11-24", paths());
        Snapshot snapshot = store.find(SnapshotName.parse("2026-11-24")).orElseThrow();
        assertThat(storeDir.resolve("2026-11-24/backup.info")).hasContent("Backup of node-1 created 2026-11-24 02:30:00 Z.");
        assertThat(snapshot.manifest().host()).isEqualTo("node-1");
        assertThat(snapshot.manifest().engine()).isEqualTo("rsync");
        assertThat(snapshot.manifest().sources()).singleElement()
                .satisfies(s -> assertThat(s.status()).isEqualTo(RunStatus.SUCCEEDED));
        assertThat(snapshot.manifest().counts()).isEqualTo(report.counts());
        assertThat(Verifier.verify(snapshot).ok()).isTrue();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(storeDir))).isEqualTo("rwx------");
        assertThat(store.lastRun()).hasValueSatisfying(r -> assertThat(r.exitCode()).isZero());
    }

    @Test
    void sumsOfLinkedFilesAreCarriedOverFromThePreviousSumsNotRecomputed() throws Exception {
        run("2026-11-23", paths());
        Snapshot first = store.find(SnapshotName.parse("2026-11-23")).orElseThrow();
        String sums = Files.readString(first.sumsFile(), StandardCharsets.ISO_8859_1);
        String aConfLine = sums.lines().filter(l -> l.endsWith("etc/a.conf")).findFirst().orElseThrow();
        String planted = "0".repeat(64) + aConfLine.substring(64);
        Files.writeString(first.sumsFile(), sums.replace(aConfLine, planted), StandardCharsets.ISO_8859_1);

        run("2026-11-24", paths());

        String carried = Files.readString(store.find(SnapshotName.parse("2026-11-24")).orElseThrow().sumsFile(),
                StandardCharsets.ISO_8859_1);
        assertThat(carried).contains(planted).doesNotContain(aConfLine);
    }

    @Test
    void anchoredExcludesAreNodePathsAndUnanchoredOnesMatchAnywhere() {
        run("2026-11-24", SnapshotRequest.builder().engine("rsync")
                .source(new PathSource(source, FilterRules.parse(List.of(source + "/lib/cache/"))))
                .globalFilters(FilterRules.parse(List.of("*.conf"))));
        assertThat(inSnapshot("2026-11-24", "lib/cache")).doesNotExist();
        assertThat(inSnapshot("2026-11-24", "lib/sub/cache/kept")).exists();
        assertThat(inSnapshot("2026-11-24", "etc/a.conf")).doesNotExist();
        assertThat(inSnapshot("2026-11-24", "lib/data")).exists();
    }

    @Test
    void aSecondRunOnTheSameDayReplacesThatDaysSnapshot() throws Exception {
        run("2026-11-24", paths());
        Files.writeString(source.resolve("etc/new"), "new");
        RunReport again = run("2026-11-24", paths());
        assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(store.snapshots()).hasSize(1);
        assertThat(inSnapshot("2026-11-24", "etc/new")).hasContent("new");
        assertThat(store.leftovers()).isEmpty();
        assertThat(Verifier.verify(store.snapshots().get(0)).ok()).isTrue();
    }

    @Test
    void aDumpsStdoutLandsUnderDumps() throws Exception {
        RunReport report = run("2026-11-24", paths().source(new DumpSource("greeting", List.of("echo", "hello world"))));
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(storeDir.resolve("2026-11-24/dumps/greeting")).hasContent("hello world");
    }

    @Test
    void aStorePreCreatedOpenIsClosedAndDumpsAndMetadataAreOwnerOnlyWhateverTheUmask() throws Exception {
        assertThat(ProcessIdentity.current().umask() & 0044).as("this test needs a umask that lets group and others "
                + "read (022), else it proves nothing").isZero();
        Files.createDirectories(storeDir);
        Files.setPosixFilePermissions(storeDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(storeDir.resolve(".kaizen"));
        Files.setPosixFilePermissions(storeDir.resolve(".kaizen"), PosixFilePermissions.fromString("rwxr-xr-x"));

        RunReport report = run("2026-11-24", paths().source(new DumpSource("secrets",
                List.of("echo", "[client]\npassword=hunter2"))));

        assertThat(report.status()).as(report.failure().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
        Path snapshot = storeDir.resolve("2026-11-24");
        assertThat(snapshot.resolve("dumps/secrets")).content().contains("password=hunter2");
        for (Path dir : List.of(storeDir, storeDir.resolve(".kaizen"), snapshot, snapshot.resolve(".kaizen"),
                snapshot.resolve("dumps"))) {
            assertThat(mode(dir)).as(dir.toString()).isEqualTo("rwx------");
        }
        for (Path file : List.of(snapshot.resolve("dumps/secrets"), snapshot.resolve(".kaizen/manifest.json"),
                snapshot.resolve(".kaizen/SHA256SUMS"), storeDir.resolve(".kaizen/last-run.json"))) {
            assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
        }
        assertThat(mode(inSnapshot("2026-11-24", "etc/a.conf"))).as("a captured file keeps its source's mode")
                .isEqualTo(mode(source.resolve("etc/a.conf"))).isEqualTo("rw-r--r--");
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aFailingOrEmptyDumpFailsTheRunWithItsStderrAndLeavesNoTruncatedDump() {
        RunReport failing = run("2026-11-24", paths()
                .source(new DumpSource("bad", List.of("sh", "-c", "echo partial; echo 'access denied' >&2; exit 3")))
                .source(new DumpSource("empty", List.of("true"))));
        assertThat(failing.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failing.failure()).get().asString().contains("2 of 3 sources failed").contains("access denied")
                .contains("exited with 3").contains("wrote nothing");
        assertThat(storeDir.resolve("2026-11-24/dumps/bad")).doesNotExist();
        assertThat(inSnapshot("2026-11-24", "etc/a.conf")).exists();
        assertThat(store.find(SnapshotName.parse("2026-11-24")).orElseThrow().manifest().status())
                .isEqualTo(RunStatus.FAILED);
    }

    @Test
    void aFailedRunNeverReplacesACompleteSnapshotOfItsDateNorPrunes() throws Exception {
        run("2026-11-01", paths());
        run("2026-11-24", paths());
        TreeListing before = TreeListing.of(storeDir.resolve("2026-11-24"));
        RunReport failed = run("2026-11-24", paths().source(new DumpSource("bad", List.of("false")))
                .retention(RetentionPolicy.keepDays(1).withMinKeep(1)));
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.failure()).get().asString().contains("was kept");
        assertThat(TreeListing.of(storeDir.resolve("2026-11-24")).differences(before)).isEmpty();
        assertThat(store.snapshots()).extracting(s -> s.name().toString()).containsExactly("2026-11-01", "2026-11-24");
        assertThat(store.leftovers()).isEmpty();
    }

    @Test
    void aSuccessfulRunPrunesPerRetention() {
        run("2026-11-01", paths());
        run("2026-11-20", paths());
        RunReport report = run("2026-11-24", paths().retention(RetentionPolicy.keepDays(8).withMinKeep(1)));
        assertThat(report.prune()).isPresent();
        assertThat(store.snapshots()).extracting(s -> s.name().toString()).containsExactly("2026-11-20", "2026-11-24");
    }

    @Test
    void aBackfillDateLinksAgainstTheNewestSnapshotOnOrBeforeIt() throws Exception {
        run("2026-11-10", paths());
        Files.writeString(source.resolve("etc/a.conf"), "later");
        run("2026-11-24", paths());
        run("2026-11-12", paths().date(SnapshotName.parse("2026-11-12")));
        assertThat(Files.isSameFile(inSnapshot("2026-11-10", "etc/b.conf"), inSnapshot("2026-11-12", "etc/b.conf"))).isTrue();
        assertThat(inSnapshot("2026-11-12", "etc/a.conf")).hasContent("later");
    }

    @Test
    void aBackfillOlderThanTheRetentionWindowIsNotPrunedByItsOwnRun() {
        run("2026-11-20", paths());
        run("2026-11-24", paths());
        RunReport backfill = run("2026-11-24", paths().date(SnapshotName.parse("2026-10-01"))
                .retention(RetentionPolicy.keepDays(8).withMinKeep(1)));
        assertThat(backfill.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(backfill.prune()).isPresent();
        assertThat(store.snapshots()).extracting(s -> s.name().toString())
                .containsExactly("2026-10-01", "2026-11-20", "2026-11-24");
    }

    @Test
    void aMissingOptionalPathIsSkippedAndAPresentOneIsBackedUp() throws Exception {
        Path absent = tmp.resolve("absent");
        RunReport report = run("2026-11-24", SnapshotRequest.builder().engine("rsync")
                .source(new PathSource(absent, FilterRules.NONE, false, true, Optional.empty()))
                .source(new PathSource(source, FilterRules.NONE, false, true, Optional.empty())));

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(inSnapshot("2026-11-24", "etc/a.conf")).hasContent("a");
        assertThat(storeDir.resolve("2026-11-24").resolve(absent.toString().substring(1))).doesNotExist();
        assertThat(store.find(SnapshotName.parse("2026-11-24")).orElseThrow().manifest().sources())
                .extracting(s -> s.name()).containsExactly(source.toString());
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsCreated() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        List<SnapshotRequest.Builder> bad = List.of(
                SnapshotRequest.builder().source(new PathSource(tmp.resolve("missing"), FilterRules.NONE)),
                SnapshotRequest.builder().source(new PathSource(tmp, FilterRules.NONE)),
                SnapshotRequest.builder().source(new PathSource(storeDir.resolve("inner"), FilterRules.NONE)),
                paths().engine("turbo"),
                paths().source(new DumpSource("x", List.of("true"))).source(new DumpSource("x", List.of("true"))));
        for (SnapshotRequest.Builder builder : bad) {
            assertThatThrownBy(() -> run("2026-11-24", builder)).isInstanceOf(ConfigException.class);
            assertThat(storeDir).doesNotExist();
        }
        Files.createDirectories(storeDir.resolve("inner"));
        assertThatThrownBy(() -> run("2026-11-24",
                SnapshotRequest.builder().source(new PathSource(storeDir.resolve("inner"), FilterRules.NONE))))
                .hasMessageContaining("inside destination");
        assertThatThrownBy(() -> new SnapshotJob(Clock.fixed(Instant.parse("2026-11-24T02:30:00Z"), ZoneOffset.UTC),
                SnapshotListener.NONE).run(paths().store(file).build())).hasMessageContaining("not a directory");
        assertThat(file).hasContent("x");
    }
}
