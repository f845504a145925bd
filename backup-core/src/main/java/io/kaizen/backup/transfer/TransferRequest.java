package io.kaizen.backup.transfer;

import java.nio.file.Path;
import java.util.List;

/**
 * Copy {@code source} (an absolute path on the node) into {@code snapshotRoot}, keeping its absolute path
 * below it, hard-linking files unchanged since the first of {@code linkDests} that has them. Unchanged means
 * same size, mtime, permissions and owner (rsync's quick check and link-dest rule); with {@code checksum}, also
 * the same content.
 */
public record TransferRequest(Path source, Path snapshotRoot, List<Path> linkDests, FilterRules filters,
                              boolean checksum) {
    public TransferRequest {
        if (!source.isAbsolute()) {
            throw new IllegalArgumentException("source must be absolute: " + source);
        }
        linkDests = List.copyOf(linkDests);
    }
}
