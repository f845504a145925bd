package io.kaizen.backup.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.fs.DiskSpace;
import io.kaizen.backup.store.Counts;
import io.kaizen.backup.store.Manifest;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The disk-space guard's estimate and decision, from manifests and a file system's numbers. */
class SpaceGuardTest {
    private static final long MIB = 1 << 20;

    private static Snapshot snapshot(int day, RunStatus status, long bytesCopied) {
        String date = LocalDate.of(2026, 11, 1).plusDays(day).toString();
        Instant finished = Instant.parse(date + "T02:30:00Z");
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, "compute-01", date, finished.minusSeconds(60),
                finished, "0.1.0", "java", status, List.of(), new Counts(10, 1, 0, 0, 1000 * MIB, 2, 8, bytesCopied),
                List.of(), "00");
        return new Snapshot(new SnapshotName(LocalDate.parse(date)), Path.of("/backups", date), manifest);
    }

    @Test
    void theEstimateIsTheLargestOfTheRecentRunsThatDidNotFail() {
        List<Snapshot> history = new ArrayList<>();
        history.add(snapshot(0, RunStatus.SUCCEEDED, 900 * MIB));
        for (int day = 1; day <= 7; day++) {
            history.add(snapshot(day, RunStatus.SUCCEEDED, day * MIB));
        }
        history.add(snapshot(8, RunStatus.FAILED, 500 * MIB));
        history.add(snapshot(9, RunStatus.WARNINGS, 3 * MIB));
        assertThat(SpaceGuard.estimate(history)).as("the first full copy is more than 7 good runs ago; failed runs"
                + " do not count").isEqualTo(7 * MIB);
        assertThat(SpaceGuard.estimate(history.subList(0, 3))).isEqualTo(900 * MIB);
        assertThat(SpaceGuard.estimate(List.of())).isZero();
    }

    @Test
    void aRunThatWouldLeaveLessThanTheFloorIsRefusedWithTheNumbers() {
        List<Snapshot> history = List.of(snapshot(0, RunStatus.SUCCEEDED, 8 * MIB), snapshot(1, RunStatus.SUCCEEDED,
                2 * MIB));
        DiskSpace space = new DiskSpace(100 * MIB, 20 * MIB);

        assertThat(SpaceGuard.refusal(history, space, FreeSpaceFloor.percent(12))).as("20 - 8 = 12 MiB = 12 %")
                .isEmpty();
        assertThat(SpaceGuard.refusal(history, space, FreeSpaceFloor.percent(12.5))).contains("not enough free"
                + " space: 20.0 MiB free of 100.0 MiB; recent runs wrote up to 8.0 MiB, which would leave 12.0 MiB,"
                + " under the free-space floor of 12.5 % (12.5 MiB); free some space (kaizen prune) or lower"
                + " free-space-floor");
        assertThat(SpaceGuard.refusal(history, space, FreeSpaceFloor.bytes(12 * MIB))).isEmpty();
        assertThat(SpaceGuard.refusal(history, space, FreeSpaceFloor.bytes(12 * MIB + 1))).isPresent();
        assertThat(SpaceGuard.refusal(List.of(), new DiskSpace(100 * MIB, 4 * MIB), FreeSpaceFloor.DEFAULT))
                .as("no history: the floor alone").isPresent();
    }

    @Test
    void aFloorOverOneHundredPercentOrNegativeIsBadInput() {
        assertThatThrownBy(() -> FreeSpaceFloor.percent(100.5)).isInstanceOf(ConfigException.class)
                .hasMessage("free-space-floor: must be 0 to 100 %, got 100.5 %");
        assertThatThrownBy(() -> FreeSpaceFloor.bytes(-1)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("free-space-floor: ");
        assertThat(FreeSpaceFloor.percent(100).bytesOf(new DiskSpace(1000, 10))).isEqualTo(1000);
    }
}
