package io.kaizen.backup.store;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a run (or one source of it) ended. Ordered from best to worst. */
public enum RunStatus {
    SUCCEEDED, WARNINGS, FAILED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The worse of two outcomes. */
    public RunStatus and(RunStatus other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /** The process exit code for a run that ended so (README.md, "Exit codes"): 0, 3 or 1. */
    public int exitCode() {
        return switch (this) {
            case SUCCEEDED -> 0;
            case WARNINGS -> 3;
            case FAILED -> 1;
        };
    }

    public boolean usable() {
        return this != FAILED;
    }
}
