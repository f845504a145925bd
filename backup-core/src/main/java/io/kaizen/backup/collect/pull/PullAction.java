package io.kaizen.backup.collect.pull;

import java.nio.file.Path;

/**
 * One step of the second pass, settled by the {@link PullPlanner} and carried out by the {@link PullWriter}: how
 * to make the entry of {@code record} in the partial, with the previous copy to link, copy or rebuild from
 * ({@code previous}, its length and the delta's block size) where the kind needs one.
 */
record PullAction(SpoolRecord record, Kind kind, Path previous, long previousLength, int blockSize) {
    /** The end of the spool: nothing follows. */
    static final PullAction END = new PullAction(null, Kind.END, null, 0, 0);

    enum Kind {
        DIRECTORY, SYMLINK, OTHER,
        /** A hard link to a file made earlier in this pull. */
        HARDLINK,
        /** A hard link to the previous copy, which has the same content and attributes. */
        LINK_PREVIOUS,
        /** A local copy of the previous copy, which has the same content but other attributes. */
        COPY_PREVIOUS,
        /** The whole content from the node. */
        FETCH,
        /** The previous copy rebuilt by the node's delta against its block signature. */
        DELTA,
        END
    }

    /** An action that needs nothing from the previous snapshot. */
    static PullAction of(SpoolRecord record, Kind kind) {
        return new PullAction(record, kind, null, 0, 0);
    }
}
