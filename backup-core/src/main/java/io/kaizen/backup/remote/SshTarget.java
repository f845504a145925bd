package io.kaizen.backup.remote;

import io.kaizen.backup.ConfigException;
import java.util.regex.Pattern;

/**
 * Where to connect and as whom: host, port, login user, and the host-key alias, the name under which the host's
 * key is pinned in known_hosts (by default {@code host}, or {@code [host]:port} when the port is not 22, as
 * OpenSSH names it). Nothing that could be read as an option reaches SSH: a host, user or alias starting with
 * {@code -}, and any character outside the ones a host name, address or login name has, is refused.
 */
public record SshTarget(String host, int port, String user, String hostKeyAlias) {
    public static final int DEFAULT_PORT = 22;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%-]+|\\[[0-9A-Fa-f:.%]+\\]");
    private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9._:%-]+|\\[[A-Za-z0-9._:%-]+\\](:[0-9]{1,5})?");

    public SshTarget {
        if (host == null || host.isEmpty()) {
            throw new ConfigException("ssh: no host given");
        }
        if (host.startsWith("-")) {
            throw new ConfigException("ssh: host '" + host + "' starts with '-'");
        }
        if (!HOST.matcher(host).matches()) {
            throw new ConfigException("ssh: not a host name or address: '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException("ssh: port must be 1-65535, got " + port);
        }
        if (user == null || user.isEmpty()) {
            throw new ConfigException("ssh: no user given for " + host);
        }
        if (user.startsWith("-")) {
            throw new ConfigException("ssh: user '" + user + "' starts with '-'");
        }
        if (!USER.matcher(user).matches()) {
            throw new ConfigException("ssh: not a user name: '" + user + "'");
        }
        if (hostKeyAlias == null) {
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            hostKeyAlias = port == DEFAULT_PORT ? bare : "[" + bare + "]:" + port;
        } else if (hostKeyAlias.startsWith("-") || !ALIAS.matcher(hostKeyAlias).matches()) {
            throw new ConfigException("ssh: not a host-key alias: '" + hostKeyAlias + "'");
        }
    }

    /** A target whose host key is pinned under its host (and port), as OpenSSH pins it. */
    public SshTarget(String host, int port, String user) {
        this(host, port, user, null);
    }

    /** The host as a socket address takes it: without the brackets of an IPv6 literal. */
    String address() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return user + "@" + host + (port == DEFAULT_PORT ? "" : ":" + port);
    }
}
