package io.kaizen.backup.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OffsiteConfirmationsTest {
    @Test
    void eachDateKeepsWhenItWasConfirmedAndTheLastSuccessIsTheLatest() {
        Instant first = Instant.parse("2026-11-21T03:00:00Z");
        Instant second = Instant.parse("2026-11-22T03:00:00Z");
        OffsiteConfirmations confirmations = new OffsiteConfirmations(new TreeMap<>())
                .with(SnapshotName.parse("2026-11-21"), first).with(SnapshotName.parse("2026-11-22"), second)
                .with(SnapshotName.parse("2026-11-21"), second.plusSeconds(60));

        assertThat(confirmations.text()).isEqualTo("2026-11-21 2026-11-21T03:00:00Z\n2026-11-22 2026-11-22T03:00:00Z\n");
        assertThat(OffsiteConfirmations.parse(List.of(confirmations.text().split("\n")))).isEqualTo(confirmations);
        assertThat(confirmations.last()).contains(second);
    }

    @Test
    void aFileOfBareDatesStillReadsWithNoKnownTime() {
        OffsiteConfirmations old = OffsiteConfirmations.parse(List.of("2026-11-20", "", "2026-11-21"));
        assertThat(old.dates()).extracting(Object::toString).containsExactly("2026-11-20", "2026-11-21");
        assertThat(old.confirmed()).containsValue(Optional.empty());
        assertThat(old.last()).isEmpty();
    }
}
