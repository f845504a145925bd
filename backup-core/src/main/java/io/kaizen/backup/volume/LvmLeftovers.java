package io.kaizen.backup.volume;

import io.kaizen.backup.process.RunTag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run killed outright (SIGKILL, a crash, a power cut) left of its snapshots: they keep a volume group's
 * space and, on every write to their origin, cost a copy. Each snapshot named by a run that is no longer alive
 * ({@link RunTag#isLive}) is unmounted and removed; snapshots of live runs (another store's run) are left alone.
 */
public final class LvmLeftovers {
    private LvmLeftovers() {
    }

    /** What was done: the snapshots removed ({@code vg/name}) and what could not be removed. */
    public record Outcome(List<String> removed, List<String> problems) {
        public Outcome {
            removed = List.copyOf(removed);
            problems = List.copyOf(problems);
        }
    }

    /** Removes the leftover snapshots of volume group {@code vg}. */
    public static Outcome removeIn(String vg) {
        List<String> removed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : LvmSnapshot.namesIn(vg).filter(n -> !RunTag.isLive(LvmSnapshot.runTag(n))).toList()) {
            Optional<String> problem = LvmSnapshot.remove(vg, name);
            if (problem.isPresent()) {
                problems.add(problem.get());
            } else {
                removed.add(vg + "/" + name);
            }
        }
        return new Outcome(removed, problems);
    }
}
