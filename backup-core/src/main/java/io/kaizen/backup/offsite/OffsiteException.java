package io.kaizen.backup.offsite;

import io.kaizen.backup.KaizenException;

/** Tier 3 holds something it should not (a damaged or missing object): names the object and what needs it. */
public final class OffsiteException extends KaizenException {
    private static final long serialVersionUID = 1L;

    public OffsiteException(String message) {
        super(message);
    }

    public OffsiteException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same problem, prefixed with what it affects (e.g. {@code node-1/2026-11-24}). */
    OffsiteException affecting(String what) {
        return new OffsiteException(what + ": " + getMessage(), this);
    }
}
