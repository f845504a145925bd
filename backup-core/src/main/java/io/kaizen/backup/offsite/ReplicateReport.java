package io.kaizen.backup.offsite;

import java.util.List;

/**
 * What a replicate did: the snapshots it sent (node/date), how many were at tier 3 already, the objects and
 * bytes it wrote, the regular files and bytes it read, the files it skipped by the local cache, and the packs
 * it found written by an interrupted run (and indexed instead of sending again), and the partial objects of an
 * interrupted run it removed.
 */
public record ReplicateReport(List<String> sent, int alreadyThere, long objectsWritten, long bytesWritten,
                              long filesRead, long bytesRead, long filesFromCache, int packsRecovered,
                              int incompleteRemoved) {
    public ReplicateReport {
        sent = List.copyOf(sent);
    }
}
