package io.kaizen.backup.source;

import io.kaizen.backup.store.SourceResult;

/** One thing a node backs up. */
public sealed interface Source permits PathSource, DumpSource {
    /** {@code path} or {@code dump}. */
    String kind();

    /** The path, or the dump's name. */
    String name();

    /** Writes this source into the partial snapshot. */
    SourceResult capture(CaptureContext context);
}
