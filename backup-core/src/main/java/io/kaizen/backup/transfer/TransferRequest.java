package io.kaizen.backup.transfer;

import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.store.TreeRecords;
import io.kaizen.backup.store.WrittenSums;
import java.nio.file.Path;
import java.util.List;

/**
 * Copy {@code source} (an absolute path on the node) into {@code snapshotRoot}, keeping its absolute path
 * below it, hard-linking files unchanged since the first of {@code linkDests} that has them. Unchanged means
 * same size, mtime, permissions and owner (rsync's quick check and link-dest rule); with {@code checksum}, also
 * the same content. An engine that hashes what it writes records the sums in {@code writtenSums}; an engine that
 * knows what it made of each entry (linked to the first link-dest, written, ...) records it in {@code treeRecords}.
 * The content is read from {@code origin}: the source itself, or the same file or tree in a mounted file-system
 * snapshot ({@link io.kaizen.backup.volume.LvmSnapshot}); it is stored under the source's path either way, and the
 * source's parents are made from the source's.
 */
public record TransferRequest(Path source, Path snapshotRoot, List<Path> linkDests, FilterRules filters,
                              boolean checksum, WrittenSums writtenSums, TreeRecords treeRecords, Path origin) {
    /** A request that reads the source itself. */
    public TransferRequest(Path source, Path snapshotRoot, List<Path> linkDests, FilterRules filters,
                           boolean checksum, WrittenSums writtenSums, TreeRecords treeRecords) {
        this(source, snapshotRoot, linkDests, filters, checksum, writtenSums, treeRecords, source);
    }

    /** A request whose written files' sums are not kept. */
    public TransferRequest(Path source, Path snapshotRoot, List<Path> linkDests, FilterRules filters,
                           boolean checksum) {
        this(source, snapshotRoot, linkDests, filters, checksum, WrittenSums.withLimit(0));
    }

    /** A request whose tree is not recorded. */
    public TransferRequest(Path source, Path snapshotRoot, List<Path> linkDests, FilterRules filters,
                           boolean checksum, WrittenSums writtenSums) {
        this(source, snapshotRoot, linkDests, filters, checksum, writtenSums, TreeRecords.none());
    }

    /** The source's path below the snapshot root, as bytes. */
    public byte[] relativeSource() {
        return NativeNames.bytes(source.getRoot().relativize(source));
    }

    public TransferRequest {
        if (!source.isAbsolute()) {
            throw new IllegalArgumentException("source must be absolute: " + source);
        }
        if (!origin.isAbsolute()) {
            throw new IllegalArgumentException("origin must be absolute: " + origin);
        }
        linkDests = List.copyOf(linkDests);
    }

    /** This request, reading its content from {@code origin} instead. */
    public TransferRequest readingFrom(Path origin) {
        return new TransferRequest(source, snapshotRoot, linkDests, filters, checksum, writtenSums, treeRecords, origin);
    }

    /** Whether the content is read from somewhere else than the source itself. */
    public boolean readsElsewhere() {
        return !origin.equals(source);
    }
}
