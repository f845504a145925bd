package io.kaizen.backup.transfer;

import io.kaizen.backup.ConfigException;
import java.util.List;

/** The names an engine is chosen by in configuration: {@code auto} (the Java engine), {@code java}, {@code rsync}. */
public final class EngineNames {
    public static final List<String> NAMES = List.of("auto", "java", "rsync");

    private EngineNames() {
    }

    /** {@code name} if it names an engine, else a {@link ConfigException} listing the names. */
    public static String require(String name) {
        if (!NAMES.contains(name)) {
            throw new ConfigException("unknown engine '" + name + "' (expected one of " + NAMES + ")");
        }
        return name;
    }
}
