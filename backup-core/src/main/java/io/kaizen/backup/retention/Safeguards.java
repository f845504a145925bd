package io.kaizen.backup.retention;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The safety invariants of docs/ARCHITECTURE.md, applied after the policy; they only ever turn DELETE into KEEP.
 */
final class Safeguards {
    private Safeguards() {
    }

    /** Applies the invariants to policy decisions sorted newest first; {@code candidates} in the same order. */
    static List<Decision> apply(List<Decision> decisions, List<Candidate> candidates, LocalDate today,
                                Trigger trigger, int minKeep) {
        List<Decision> result = new ArrayList<>(decisions);
        rescue(result, d -> d.name().date().isAfter(today), "dated in the future (after " + today + "); kept");
        if (!result.isEmpty()) {
            rescue(result, d -> d.name().equals(candidates.get(0).name()), "newest snapshot");
        }
        candidates.stream().filter(Candidate::succeeded).findFirst().ifPresent(newestOk ->
                rescue(result, d -> d.name().equals(newestOk.name()), "newest successful snapshot"));
        trigger.made().ifPresent(made -> rescue(result, d -> d.name().equals(made), "made by this run"));
        candidates.stream().filter(Candidate::awaitingOffsite).forEach(waiting ->
                rescue(result, d -> d.name().equals(waiting.name()), "not yet confirmed by tier 3 (kaizen replicate)"));
        if (trigger.runFailed()) {
            rescue(result, d -> true, "current run failed; nothing is deleted");
        }
        long kept = result.stream().filter(Decision::isKeep).count();
        if (kept < Math.min(minKeep, result.size())) {
            rescue(result, d -> true, "min-keep " + minKeep + ": plan would leave only " + kept
                    + "; nothing is deleted");
        }
        return result;
    }

    private static void rescue(List<Decision> decisions, Predicate<Decision> which, String reason) {
        decisions.replaceAll(d -> !d.isKeep() && which.test(d) ? Decision.keep(d.name(), reason) : d);
    }
}
