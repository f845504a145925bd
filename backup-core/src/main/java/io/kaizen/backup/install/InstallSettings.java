package io.kaizen.backup.install;

import io.kaizen.backup.ConfigException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code kaizen install} is asked for: the role, the collectors' public keys allowed to pull from a node
 * ({@code type base64}, comment dropped), the addresses they may connect from ({@code from=}), where cron mails
 * failures, and the host name (the collector key's comment). Everything else is the module's default.
 */
public record InstallSettings(Role role, List<String> collectorKeys, Optional<String> from, Optional<String> mailto,
                              String hostName) {
    private static final Pattern KEY = Pattern.compile("(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)"
            + "|sk-ssh-ed25519@openssh\\.com|sk-ecdsa-sha2-nistp256@openssh\\.com) [A-Za-z0-9+/]+={0,3}");
    private static final Pattern FROM = Pattern.compile("!?[A-Za-z0-9.:/*?_-]+(,!?[A-Za-z0-9.:/*?_-]+)*");
    private static final Pattern MAILTO = Pattern.compile("[A-Za-z0-9._%+@-]+(,[A-Za-z0-9._%+@-]+)*");

    public InstallSettings {
        collectorKeys = List.copyOf(collectorKeys);
        for (String key : collectorKeys) {
            if (!KEY.matcher(key).matches()) {
                throw new ConfigException("not an SSH public key ('TYPE BASE64'): '" + key + "'");
            }
        }
        if (!role.node() && !collectorKeys.isEmpty()) {
            throw ConfigException.ofSetting("collector-key", " is for nodes; a collector makes its own key pair");
        }
        from.filter(f -> !FROM.matcher(f).matches()).ifPresent(f -> {
            throw new ConfigException("not a list of addresses or host patterns for from=: '" + f + "'");
        });
        mailto.filter(m -> !MAILTO.matcher(m).matches()).ifPresent(m -> {
            throw new ConfigException("not a mail address list for MAILTO: '" + m + "'");
        });
    }

    /** The key of a {@code .pub} file's first line: its type and base64 part, without the comment. */
    public static String publicKey(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length < 2) {
            throw new ConfigException("not an SSH public key ('TYPE BASE64 [COMMENT]'): '" + line.trim() + "'");
        }
        return parts[0] + " " + parts[1];
    }
}
