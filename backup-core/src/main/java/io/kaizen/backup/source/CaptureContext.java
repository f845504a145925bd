package io.kaizen.backup.source;

import io.kaizen.backup.transfer.Engine;
import io.kaizen.backup.transfer.FilterRules;
import java.nio.file.Path;
import java.util.List;

/**
 * Where and how sources are captured: the partial snapshot, the snapshots to hard-link against (newest first),
 * the engine, and filter rules that apply to every path source (after its own).
 */
public record CaptureContext(Path partial, List<Path> linkDests, Engine engine, FilterRules globalFilters) {
    public CaptureContext {
        linkDests = List.copyOf(linkDests);
    }
}
