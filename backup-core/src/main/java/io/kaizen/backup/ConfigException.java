package io.kaizen.backup;

/** Bad usage or configuration, detected before anything was changed (exit code 2). */
public class ConfigException extends KaizenException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
