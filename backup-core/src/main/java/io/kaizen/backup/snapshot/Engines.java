package io.kaizen.backup.snapshot;

import io.kaizen.backup.transfer.Engine;
import io.kaizen.backup.transfer.EngineNames;
import io.kaizen.backup.transfer.rsync.RsyncEngine;
import io.kaizen.backup.transfer.tree.JavaEngine;

/** The engines by configuration name ({@link EngineNames}). */
final class Engines {
    private Engines() {
    }

    /** The engine for a configured name; {@code auto} picks the Java engine. */
    public static Engine forName(String name) {
        return forName(name, 0);
    }

    /**
     * The engine for a configured name; the Java engine rebuilds changed files of at least {@code deltaMinSize}
     * bytes (0: none) from their previous copy by delta. The rsync engine leaves that choice to rsync (which
     * copies whole files between local paths).
     */
    public static Engine forName(String name, long deltaMinSize) {
        return switch (EngineNames.require(name)) {
            case "auto", "java" -> new JavaEngine(JavaEngine.defaultThreads(), deltaMinSize);
            case "rsync" -> new RsyncEngine();
            default -> throw new IllegalStateException(name);
        };
    }
}
