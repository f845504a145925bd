package io.kaizen.backup;

/** Root of every exception Kaizen Backup throws on purpose. The message says what failed and where. */
public class KaizenException extends RuntimeException {
    public KaizenException(String message) {
        super(message);
    }

    public KaizenException(String message, Throwable cause) {
        super(message, cause);
    }
}
