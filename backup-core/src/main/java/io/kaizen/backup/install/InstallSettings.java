package io.kaizen.backup.install;

import io.kaizen.backup.ConfigException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code kaizen install} is asked for: the role, the collectors' public keys allowed to pull from a node
 * ({@code type base64}, comment dropped), the addresses they may connect from ({@code from=}), where cron mails
 * failures, the host name (the collector key's comment), a node's store and whether its agent also serves rsync
 * senders. Everything else is the module's default.
 *
 * <p>The store is spliced into the forced command of {@code authorized_keys} and into the sudoers rule, so it
 * must be a {@link #SAFE_PATH}: the same pattern as the Puppet module's type {@code Backups::Safe_path}.
 */
public record InstallSettings(Role role, List<String> collectorKeys, Optional<String> from, Optional<String> mailto,
                              String hostName, String store, boolean allowRsync) {
    /**
     * A path that may be spliced into {@code command="..."} and a sudoers rule: absolute, each component made of
     * letters, digits, {@code . _ + -} and not starting with a dot (so no {@code .} or {@code ..}, no spaces,
     * quotes, {@code ;}, {@code $} or anything else a shell, sshd or sudo reads). The Puppet module's type
     * {@code Backups::Safe_path} is this pattern.
     */
    public static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_+-][A-Za-z0-9._+-]*)+");
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
        if (store == null || !SAFE_PATH.matcher(store).matches()) {
            throw ConfigException.ofSetting("store", " must be an absolute path of letters, digits and . _ + - "
                    + "(no component starting with a dot): it goes into the forced command and the sudoers rule; got '"
                    + store + "'");
        }
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
