package io.kaizen.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
        long pid = ProcessHandle.current().pid();
        StoreLock.Holder first = new StoreLock.Holder(pid, "node-a", Instant.parse("2026-11-25T02:00:00Z"), null);
        try (StoreLock lock = store.lock(first, w -> { })) {
            assertThatThrownBy(() -> store.lock(new StoreLock.Holder(1, "node-a", Instant.EPOCH, null), w -> { }))
                    .isInstanceOf(StoreLockedException.class)
                    .hasMessageContaining("pid " + pid + " on host node-a");
        }
        List<String> warnings = new ArrayList<>();
        try (StoreLock lock = store.lock(new StoreLock.Holder(7, "node-a", Instant.EPOCH, null), warnings::add)) {
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
        try (StoreLock lock = store.lock(new StoreLock.Holder(7, "node-a", Instant.EPOCH, null), warnings::add)) {
            assertThat(warnings).singleElement().asString().contains("pid 999999").contains("no longer running");
        }
    }

    @Test
    void aLoserThatCameBeforeTheWinnerWroteItsNameWaitsForTheName(@TempDir Path tmp) throws Exception {
        SnapshotStore store = SnapshotStore.at(tmp);
        store.create();
        Path file = tmp.resolve(".kaizen/lock");
        long pid = ProcessHandle.current().pid();
        try (FileChannel winner = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = winner.lock()) {
            // The winner holds the lock but has not written its name yet; it does 300 ms later.
            Thread writer = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    winner.write(ByteBuffer.wrap(("{\"pid\":" + pid + ",\"host\":\"node-a\",\"started\":"
                            + "\"2026-11-25T02:00:00Z\"}").getBytes(StandardCharsets.UTF_8)), 0);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            assertThatThrownBy(() -> store.lock(new StoreLock.Holder(1, "node-a", Instant.EPOCH, null), w -> { }))
                    .isInstanceOf(StoreLockedException.class)
                    .hasMessageContaining("locked by pid " + pid + " on host node-a");
            writer.join();
        }
    }
}
