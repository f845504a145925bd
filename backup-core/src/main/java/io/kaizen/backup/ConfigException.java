package io.kaizen.backup;

import java.util.Optional;

/**
 * Bad usage or configuration, detected before anything was changed (exit code 2). When one setting is at fault,
 * {@link #setting()} names it as the configuration spells it (e.g. {@code keep-days}) and the message starts with
 * that name, so a front end can name the setting its own way (a command line: {@code --keep-days}).
 */
public class ConfigException extends KaizenException {
    private final String setting;

    public ConfigException(String message) {
        this(message, null, null);
    }

    public ConfigException(String message, Throwable cause) {
        this(message, null, cause);
    }

    private ConfigException(String message, String setting, Throwable cause) {
        super(message, cause);
        this.setting = setting;
    }

    /** A problem with {@code setting}: the message is the setting's name followed by {@code rest}. */
    public static ConfigException ofSetting(String setting, String rest) {
        return new ConfigException(setting + rest, setting, null);
    }

    /** The setting at fault, when there is one; the message then starts with its name. */
    public Optional<String> setting() {
        return Optional.ofNullable(setting);
    }
}
