package io.kaizen.backup.source;

import io.kaizen.backup.store.SourceResult;

/** One thing a node backs up. */
public sealed interface Source permits PathSource, DumpSource, PostgresqlSource, MysqlSource, MariabackupSource,
        SshCommandSource {
    /** {@code path}, {@code dump}, {@code postgresql}, {@code mysql}, {@code mariabackup} or {@code ssh-command}. */
    String kind();

    /** The path, or the dump's name (its output is {@code dumps/NAME}). */
    String name();

    /**
     * Checks what can be checked before anything is changed (files the source needs exist); bad configuration
     * is a {@link io.kaizen.backup.ConfigException}.
     */
    default void preflight() {
    }

    /** Writes this source into the partial snapshot. */
    SourceResult capture(CaptureContext context);
}
