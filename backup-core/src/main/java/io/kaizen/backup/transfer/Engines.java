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
        return switch (name) {
            case "auto", "java" -> new JavaEngine();
            case "rsync" -> new RsyncEngine();
            default -> throw new ConfigException("unknown engine '" + name + "' (expected one of " + NAMES + ")");
        };
    }
}
