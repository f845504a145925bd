package io.kaizen.backup.transfer;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.transfer.rsync.RsyncEngine;
import io.kaizen.backup.transfer.tree.JavaEngine;
import java.util.List;

/** The engines by configuration name. */
public final class Engines {
    /** Names accepted in {@code engine:} and {@code --engine}. */
    public static final List<String> NAMES = List.of("auto", "java", "rsync");

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
        return switch (name) {
            case "auto", "java" -> new JavaEngine(JavaEngine.defaultThreads(), deltaMinSize);
            case "rsync" -> new RsyncEngine();
            default -> throw new ConfigException("unknown engine '" + name + "' (expected one of " + NAMES + ")");
        };
    }
}
