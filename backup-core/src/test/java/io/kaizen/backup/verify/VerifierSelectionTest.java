package io.kaizen.backup.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.store.Counts;
import io.kaizen.backup.store.Manifest;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which snapshots a verification covers: the newest, every one, or the ones named. */
class VerifierSelectionTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T02:30:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private SnapshotStore store;

    @BeforeEach
    void threeSnapshots() throws IOException {
        store = SnapshotStore.at(tmp.resolve("store"));
        store.create();
        for (String date : List.of("2026-11-22", "2026-11-23", "2026-11-24")) {
            SnapshotName name = SnapshotName.parse(date);
            Path partial = store.beginPartial(name);
            SnapshotStore.writeManifest(partial, new Manifest(Manifest.FORMAT_VERSION, "h", date, Instant.EPOCH,
                    Instant.EPOCH, "t", "rsync", RunStatus.SUCCEEDED, List.of(), Counts.ZERO, List.of(), "0"));
            store.commit(name, partial);
        }
    }

    private List<String> selected(boolean all, String... names) {
        List<SnapshotName> parsed = List.of(names).stream().map(SnapshotName::parse).toList();
        return Verifier.select(new Verifier.Request(store, all, parsed), CLOCK)
                .stream().map(Snapshot::name).map(SnapshotName::toString).toList();
    }

    @Test
    void withoutNamesTheNewest() {
        assertThat(selected(false)).containsExactly("2026-11-24");
    }

    @Test
    void allMeansEveryCompleteSnapshotAndWinsOverNames() {
        assertThat(selected(true)).containsExactly("2026-11-22", "2026-11-23", "2026-11-24");
        assertThat(selected(true, "2026-11-23")).hasSize(3);
    }

    @Test
    void namedOnesInTheOrderGiven() {
        assertThat(selected(false, "2026-11-24", "2026-11-22")).containsExactly("2026-11-24", "2026-11-22");
    }

    @Test
    void anUnknownNameOrAnEmptyStoreIsBadInput() throws IOException {
        assertThatThrownBy(() -> selected(false, "2026-11-25")).isInstanceOf(ConfigException.class)
                .hasMessage("no complete snapshot 2026-11-25 in " + store.root());
        SnapshotStore empty = SnapshotStore.at(tmp.resolve("empty"));
        empty.create();
        assertThatThrownBy(() -> Verifier.select(new Verifier.Request(empty, false, List.of()), CLOCK))
                .isInstanceOf(ConfigException.class).hasMessage("no complete snapshot in " + empty.root());
    }
}
