package io.kaizen.backup.store;

import io.kaizen.backup.KaizenException;

/** Another live process holds the store's lock; nothing was changed. */
public class StoreLockedException extends KaizenException {
    public StoreLockedException(String message) {
        super(message);
    }
}
