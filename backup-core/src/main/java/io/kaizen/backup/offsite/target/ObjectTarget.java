package io.kaizen.backup.offsite.target;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A store of immutable objects named by keys ({@code /}-separated, no leading slash, no {@code .} or {@code ..}
 * parts). Implementations are safe for use by several threads.
 */
public interface ObjectTarget extends AutoCloseable {

    /**
     * Creates an object; never replaces one.
     *
     * @throws ObjectExistsException if {@code key} already names an object
     */
    void create(String key, byte[] content) throws IOException;

    /** The object's bytes, or empty when no object has that key. */
    Optional<byte[]> read(String key) throws IOException;

    /** Keys that start with {@code prefix}, sorted. */
    List<String> list(String prefix) throws IOException;

    /**
     * Removes what writes interrupted before {@code before} left behind (a killed process's partial objects, which
     * are never listed or read); returns how many. Called by the holder of the repository's lock, at its start.
     */
    int removeIncomplete(Instant before) throws IOException;

    /** Removes an object (absent is fine). Only the offsite prune calls this. */
    void delete(String key) throws IOException;

    /** Where this target is, for messages (a directory, or an endpoint, bucket and prefix); never a secret. */
    String describe();

    @Override
    void close() throws IOException;
}
