package io.kaizen.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    @TempDir
    Path tmp;

    private static Manifest manifest(String name, RunStatus status) {
        return new Manifest(Manifest.FORMAT_VERSION, "h", name, Instant.EPOCH, Instant.EPOCH, "t", "rsync", status,
                List.of(), Counts.ZERO, List.of(), "0");
    }

    private Path complete(SnapshotStore store, String name, RunStatus status) throws IOException {
        Path partial = store.beginPartial(SnapshotName.parse(name));
        SnapshotStore.writeManifest(partial, manifest(name, status));
        return store.commit(SnapshotName.parse(name), partial).dir();
    }

    @Test
    void onlyDirectoriesWithAValidManifestNamingThemAreSnapshots() throws Exception {
        SnapshotStore store = SnapshotStore.at(tmp.resolve("store"));
        store.create();
        complete(store, "2026-11-20", RunStatus.SUCCEEDED);
        Files.createDirectories(store.root().resolve("2026-11-21/etc"));
        Path wrongName = Files.createDirectories(store.root().resolve("2026-11-22/.kaizen"));
        Files.writeString(wrongName.resolve("manifest.json"), Json.mapper().writeValueAsString(manifest("2026-11-23",
                RunStatus.SUCCEEDED)));
        Path garbage = Files.createDirectories(store.root().resolve("2026-11-23/.kaizen"));
        Files.writeString(garbage.resolve("manifest.json"), "{not json");
        store.beginPartial(SnapshotName.parse("2026-11-24"));
        Files.createDirectories(store.root().resolve("lost+found"));

        assertThat(store.snapshots()).extracting(s -> s.name().toString()).containsExactly("2026-11-20");
        assertThat(store.leftovers()).extracting(p -> p.getFileName().toString()).containsExactly("2026-11-24.partial");
    }

    @Test
    void newestOnOrBeforeIsTheNewestCompleteSnapshotNotYesterday() throws Exception {
        SnapshotStore store = SnapshotStore.at(tmp.resolve("store"));
        store.create();
        complete(store, "2026-11-10", RunStatus.SUCCEEDED);
        complete(store, "2026-11-15", RunStatus.FAILED);
        assertThat(store.newestOnOrBefore(SnapshotName.parse("2026-11-25"))).map(s -> s.name().toString())
                .contains("2026-11-15");
        assertThat(store.newestUsableOnOrBefore(SnapshotName.parse("2026-11-25"))).map(s -> s.name().toString())
                .contains("2026-11-10");
        assertThat(store.newestOnOrBefore(SnapshotName.parse("2026-11-12"))).map(s -> s.name().toString())
                .contains("2026-11-10");
        assertThat(store.newestOnOrBefore(SnapshotName.parse("2026-11-01"))).isEmpty();
    }

    @Test
    void aSameDayCommitReplacesTheSnapshot() throws Exception {
        SnapshotStore store = SnapshotStore.at(tmp.resolve("store"));
        store.create();
        complete(store, "2026-11-25", RunStatus.FAILED);
        complete(store, "2026-11-25", RunStatus.SUCCEEDED);
        assertThat(store.snapshots()).singleElement()
                .satisfies(s -> assertThat(s.manifest().status()).isEqualTo(RunStatus.SUCCEEDED));
        assertThat(store.leftovers()).isEmpty();
        assertThat(store.root().resolve("2026-11-25" + SnapshotStore.REPLACED)).doesNotExist();
    }

    @Test
    void aSwapInterruptedBetweenItsTwoRenamesStillListsTheSnapshotAndIsFinishedByCleanup() throws Exception {
        SnapshotStore store = SnapshotStore.at(tmp.resolve("store"));
        store.create();
        Path dir = complete(store, "2026-11-25", RunStatus.SUCCEEDED);
        Files.move(dir, store.root().resolve("2026-11-25" + SnapshotStore.REPLACED));

        assertThat(store.snapshots()).extracting(s -> s.name().toString()).containsExactly("2026-11-25");
        assertThat(store.leftovers()).isEmpty();
        store.cleanLeftovers();
        assertThat(store.root().resolve("2026-11-25")).isDirectory();
        assertThat(store.find(SnapshotName.parse("2026-11-25"))).map(Snapshot::dir)
                .contains(store.root().resolve("2026-11-25"));
    }

    @Test
    void deleteRenamesFirstSoAHalfDeletedSnapshotIsNeverListed() throws Exception {
        SnapshotStore store = SnapshotStore.at(tmp.resolve("store"));
        store.create();
        complete(store, "2026-11-20", RunStatus.SUCCEEDED);
        Path doomed = complete(store, "2026-11-21", RunStatus.SUCCEEDED);
        Files.writeString(doomed.resolve("file"), "x");
        store.delete(store.find(SnapshotName.parse("2026-11-21")).orElseThrow());
        assertThat(store.snapshots()).extracting(s -> s.name().toString()).containsExactly("2026-11-20");
        assertThat(doomed).doesNotExist();
        assertThat(store.root().resolve("2026-11-21" + SnapshotStore.DELETING)).doesNotExist();
    }

    @Test
    void cleanupRemovesPartialsAndHalfDeletedSnapshots() throws Exception {
        SnapshotStore store = SnapshotStore.at(tmp.resolve("store"));
        store.create();
        complete(store, "2026-11-20", RunStatus.SUCCEEDED);
        store.beginPartial(SnapshotName.parse("2026-11-21"));
        Files.createDirectories(store.root().resolve("2026-11-19" + SnapshotStore.DELETING + "/etc"));
        assertThat(store.cleanLeftovers()).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("2026-11-21.partial", "2026-11-19.deleting");
        assertThat(store.leftovers()).isEmpty();
        assertThat(store.snapshots()).hasSize(1);
    }

    @Test
    void theLastRunRecordRoundTrips() throws Exception {
        SnapshotStore store = SnapshotStore.at(tmp.resolve("store"));
        store.create();
        assertThat(store.lastRun()).isEmpty();
        LastRun run = new LastRun("h", "2026-11-25", Instant.parse("2026-11-25T02:00:00Z"),
                Instant.parse("2026-11-25T02:01:00Z"), RunStatus.WARNINGS, 3, null, null);
        store.writeLastRun(run);
        assertThat(store.lastRun()).isEqualTo(Optional.of(run));
        Path file = tmp.resolve("store/.kaizen/last-run.json");
        assertThat(Files.readString(file)).as("no transfer on a node's record").doesNotContain("transfer");

        LastRun pulled = new LastRun("n1", "2026-11-25", Instant.parse("2026-11-25T03:00:00Z"),
                Instant.parse("2026-11-25T03:00:09Z"), RunStatus.SUCCEEDED, 0, "collected",
                new LastRun.Transfer(3_278_887, 655_578, 120, 3_276_849, 1_070_464_175));
        store.writeLastRun(pulled);
        assertThat(store.lastRun()).isEqualTo(Optional.of(pulled));
        assertThat(Files.readString(file)).contains("\"deltaMatchedBytes\" : 1070464175");

        Files.writeString(file, "{\"host\":\"h\",\"snapshot\":null,\"started\":\"2026-11-25T02:00:00Z\","
                + "\"finished\":\"2026-11-25T02:01:00Z\",\"status\":\"failed\",\"exitCode\":1,\"message\":\"m\"}");
        assertThat(store.lastRun()).as("a record written before transfer existed").get()
                .extracting(LastRun::transfer).isNull();
    }

    @Test
    void aCorruptLastRunRecordSaysCorruptRatherThanNeverRan() throws Exception {
        SnapshotStore store = SnapshotStore.at(tmp.resolve("store"));
        store.create();
        Files.writeString(store.lastRunFile(), "{\"host\":\"h\",\"status\":");
        assertThatThrownBy(store::lastRun).isInstanceOf(StoreException.class)
                .hasMessageContaining("the last run's record " + store.lastRunFile() + " is corrupt");
    }
}
