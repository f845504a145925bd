package io.kaizen.backup.store;

import io.kaizen.backup.KaizenException;

/** A store that cannot be read or written as the on-disk format requires. */
public class StoreException extends KaizenException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
