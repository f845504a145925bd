package io.kaizen.backup.offsite;

import java.util.HashSet;
import java.util.Set;

/**
 * Stores blobs: a blob the index already knows is not stored again (deduplication across nodes and dates);
 * new ones are sealed into the current pack, which is written once it reaches {@link Pack#TARGET_SIZE} or on
 * {@link #flush}. Counts what it uploads. Not thread-safe.
 */
final class PackWriter {
    private final Repository repository;
    private final RepositoryIndex index;
    private final Set<BlobId> inPack = new HashSet<>();
    private Pack.Builder pack = new Pack.Builder();
    private long bytesWritten;
    private long objectsWritten;

    PackWriter(Repository repository, RepositoryIndex index) {
        this.repository = repository;
        this.index = index;
    }

    /** Stores {@code plaintext} unless the repository has it; returns its id. */
    BlobId store(byte[] plaintext) {
        BlobId id = repository.blobId(plaintext);
        if (index.contains(id) || inPack.contains(id)) {
            return id;
        }
        pack.add(id, repository.sealBlob(id, plaintext));
        inPack.add(id);
        if (pack.size() >= Pack.TARGET_SIZE) {
            flush();
        }
        return id;
    }

    /** Writes the current pack, if it holds anything. */
    void flush() {
        if (pack.isEmpty()) {
            return;
        }
        byte[] bytes = pack.finish(repository.keys());
        String key = repository.createContentAddressed(Repository.DATA, bytes);
        index.added(key, pack.entries());
        counted(bytes.length);
        pack = new Pack.Builder();
        inPack.clear();
    }

    /** Counts an object written by someone else (an index, a root). */
    void counted(long bytes) {
        bytesWritten += bytes;
        objectsWritten++;
    }

    long bytesWritten() {
        return bytesWritten;
    }

    long objectsWritten() {
        return objectsWritten;
    }
}
