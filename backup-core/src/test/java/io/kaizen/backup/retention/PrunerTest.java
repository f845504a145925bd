package io.kaizen.backup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.store.Counts;
import io.kaizen.backup.store.Manifest;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A prune on its own: lock, leftovers, plan, deletions; a dry run changes nothing. */
class PrunerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T06:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private SnapshotStore store;

    @BeforeEach
    void fiveDaysAndAnInterruptedRun() throws IOException {
        store = SnapshotStore.at(tmp.resolve("store"));
        store.create();
        for (int daysAgo = 5; daysAgo >= 1; daysAgo--) {
            SnapshotName name = new SnapshotName(LocalDate.of(2026, 11, 25).minusDays(daysAgo));
            Path partial = store.beginPartial(name);
            SnapshotStore.writeManifest(partial, new Manifest(Manifest.FORMAT_VERSION, "h", name.toString(),
                    Instant.EPOCH, Instant.EPOCH, "t", "rsync", RunStatus.SUCCEEDED, List.of(), Counts.ZERO, List.of(),
                    "0"));
            store.commit(name, partial);
        }
        store.beginPartial(SnapshotName.parse("2026-11-25"));
    }

    private Pruner.Result prune(boolean dryRun, List<String> warnings) throws IOException {
        return Pruner.run(new Pruner.Request(store, RetentionPolicy.keepDays(3), dryRun, "h"), CLOCK, warnings::add);
    }

    @Test
    void aDryRunPlansAndListsLeftoversButChangesNothing() throws IOException {
        Pruner.Result result = prune(true, new ArrayList<>());
        assertThat(result.dryRun()).isTrue();
        assertThat(result.outcome().plan().toDelete()).extracting(SnapshotName::toString)
                .as("keep-days 3 on 2026-11-25 keeps 23 to 25")
                .containsExactlyInAnyOrder("2026-11-20", "2026-11-21", "2026-11-22");
        assertThat(result.outcome().deleted()).isEmpty();
        assertThat(result.leftovers()).extracting(p -> p.getFileName().toString())
                .containsExactly("2026-11-25.partial");
        assertThat(store.snapshots()).hasSize(5);
        assertThat(store.leftovers()).hasSize(1);
    }

    @Test
    void aPruneRemovesLeftoversAndWhatThePlanDeletes() throws IOException {
        List<String> warnings = new ArrayList<>();
        Pruner.Result result = prune(false, warnings);
        assertThat(result.outcome().deleted()).extracting(SnapshotName::toString)
                .containsExactly("2026-11-20", "2026-11-21", "2026-11-22");
        assertThat(result.leftovers()).extracting(p -> p.getFileName().toString())
                .containsExactly("2026-11-25.partial");
        assertThat(store.snapshots()).extracting(s -> s.name().toString())
                .containsExactly("2026-11-23", "2026-11-24");
        assertThat(store.leftovers()).isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aSnapshotTierThreeHasNotConfirmedIsKeptOnceTheStoreIsReplicated() throws IOException {
        store.confirmOffsite(SnapshotName.parse("2026-11-20"), CLOCK.instant());

        Pruner.Result result = prune(false, new ArrayList<>());

        assertThat(result.outcome().deleted()).extracting(SnapshotName::toString).containsExactly("2026-11-20");
        assertThat(store.snapshots()).extracting(s -> s.name().toString())
                .containsExactly("2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24");
        assertThat(result.outcome().plan().decisions()).filteredOn(d -> d.name().toString().equals("2026-11-21"))
                .singleElement().asString().contains("tier 3");
    }
}
