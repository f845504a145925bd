package io.kaizen.backup.collect.pull;

import io.kaizen.backup.KaizenException;

/** A pulled snapshot does not match its node's manifest or sums; it was not committed. */
public final class VerificationException extends KaizenException {
    public VerificationException(String message) {
        super(message);
    }
}
