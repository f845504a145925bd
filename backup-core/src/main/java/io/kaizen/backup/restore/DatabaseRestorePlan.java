package io.kaizen.backup.restore;

import java.util.List;

/**
 * The commands that restore one database source from one snapshot, in order, with notes (such as dumps that
 * are missing from that snapshot because the source failed for them).
 */
public record DatabaseRestorePlan(String snapshot, String kind, String name, List<RestoreStep> steps,
                                  List<String> notes) {
    public DatabaseRestorePlan {
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }
}
