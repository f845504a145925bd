package io.kaizen.backup.report;

import io.kaizen.backup.store.OffsiteConfirmations;
import io.kaizen.backup.store.SnapshotName;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * How far tier 3 is behind one replicated store (README, "Offsite"): its complete copies that tier 3 has not
 * confirmed yet (the collector's retention keeps them), the oldest of them, and when tier 3 last confirmed a
 * copy of this store (its last success). Pure.
 */
public record OffsiteLag(int awaiting, Optional<LocalDate> oldestAwaiting, Optional<Instant> lastConfirmed) {
    /** The lag of a store with copies of these dates and these confirmations. */
    public static OffsiteLag of(List<LocalDate> copies, OffsiteConfirmations confirmations) {
        List<LocalDate> awaiting = copies.stream()
                .filter(date -> !confirmations.confirmed().containsKey(new SnapshotName(date))).sorted().toList();
        return new OffsiteLag(awaiting.size(), awaiting.stream().findFirst(), confirmations.last());
    }
}
