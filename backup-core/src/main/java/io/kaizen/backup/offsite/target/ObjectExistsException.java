package io.kaizen.backup.offsite.target;

import java.io.IOException;

/** A create that would have replaced an existing object. */
public final class ObjectExistsException extends IOException {
    private static final long serialVersionUID = 1L;

    public ObjectExistsException(String target, String key) {
        super(target + ": object " + key + " already exists (objects are never replaced)");
    }
}
