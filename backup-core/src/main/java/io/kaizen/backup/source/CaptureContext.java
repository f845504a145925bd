package io.kaizen.backup.source;

import io.kaizen.backup.store.TreeRecords;
import io.kaizen.backup.store.WrittenSums;
import io.kaizen.backup.transfer.Engine;
import io.kaizen.backup.transfer.FilterRules;
import java.nio.file.Path;
import java.util.List;

/**
 * Where and how sources are captured: the partial snapshot, the snapshots to hard-link against (newest first),
 * the engine, filter rules that apply to every path source (after its own), and whether unchanged files must
 * also have the same content (rsync's {@code --checksum}); and where engines record the sums of files they wrote
 * and what they made of each entry.
 */
public record CaptureContext(Path partial, List<Path> linkDests, Engine engine, FilterRules globalFilters,
                             boolean checksum, WrittenSums writtenSums, TreeRecords treeRecords) {
    public CaptureContext {
        linkDests = List.copyOf(linkDests);
    }
}
