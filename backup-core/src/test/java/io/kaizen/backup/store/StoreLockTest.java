package io.kaizen.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLockTest {
    @Test
    void aSecondHolderIsRefusedWithTheFirstHoldersNameAndTheLockIsFreeAfterRelease(@TempDir Path tmp) throws Exception {
        SnapshotStore store = SnapshotStore.at(tmp);
        store.create();
        StoreLock.Holder first = new StoreLock.Holder(4242, "node-a", Instant.parse("2026-11-25T02:00:00Z"));
        try (StoreLock lock = store.lock(first, w -> { })) {
            assertThatThrownBy(() -> store.lock(new StoreLock.Holder(1, "node-a", Instant.EPOCH), w -> { }))
                    .isInstanceOf(StoreLockedException.class)
                    .hasMessageContaining("pid 4242 on host node-a");
        }
        List<String> warnings = new ArrayList<>();
        try (StoreLock lock = store.lock(new StoreLock.Holder(7, "node-a", Instant.EPOCH), warnings::add)) {
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void contentLeftByAHolderThatDiedIsTakenOverWithAWarning(@TempDir Path tmp) throws Exception {
        SnapshotStore store = SnapshotStore.at(tmp);
        store.create();
        Files.writeString(tmp.resolve(".kaizen/lock"),
                "{\"pid\":999999,\"host\":\"node-a\",\"started\":\"2026-11-24T02:00:00Z\"}");
        List<String> warnings = new ArrayList<>();
        try (StoreLock lock = store.lock(new StoreLock.Holder(7, "node-a", Instant.EPOCH), warnings::add)) {
            assertThat(warnings).singleElement().asString().contains("pid 999999").contains("no longer running");
        }
    }
}
