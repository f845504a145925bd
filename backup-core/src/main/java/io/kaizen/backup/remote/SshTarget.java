package io.kaizen.backup.remote;

import io.kaizen.backup.ConfigException;
import java.util.regex.Pattern;

/**
 * Where to connect and as whom: host, port, login user, and the host-key alias, the name under which the host's
 * key is pinned in known_hosts: its address by default ({@code host}, or {@code [host]:port} when the port is not
 * 22, as OpenSSH names it), for a node its name ({@link #nodeAlias}, so a key is accepted for that node only,
 * whatever address it is reached at). Nothing that could be read as an option reaches SSH: a host, user or alias
 * starting with {@code -}, and any character outside the ones a host name, address or login name has, is refused.
 *
 * @param addressPinAccepted whether a key pinned under the address is accepted while nothing is pinned under the
 *                           alias (a node pinned by an earlier release, which pinned nodes by address)
 */
public record SshTarget(String host, int port, String user, String hostKeyAlias, boolean addressPinAccepted) {
    public static final int DEFAULT_PORT = 22;
    /** What a node's host-key alias starts with: {@code kaizen-node:NAME} (docs/PROTOCOL.md, "Host keys"). */
    public static final String NODE_ALIAS_PREFIX = "kaizen-node:";
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
            hostKeyAlias = addressAlias(host, port);
        } else if (hostKeyAlias.startsWith("-") || !ALIAS.matcher(hostKeyAlias).matches()) {
            throw new ConfigException("ssh: not a host-key alias: '" + hostKeyAlias + "'");
        }
    }

    /** A target whose host key is pinned under its host (and port), as OpenSSH pins it. */
    public SshTarget(String host, int port, String user) {
        this(host, port, user, null, false);
    }

    /** The alias under which the key of the node called {@code nodeName} is pinned. */
    public static String nodeAlias(String nodeName) {
        return NODE_ALIAS_PREFIX + nodeName;
    }

    /**
     * This target, with its host key pinned under {@code alias}; a key pinned under its address is accepted while
     * nothing is pinned under {@code alias}.
     */
    public SshTarget pinnedAs(String alias) {
        return new SshTarget(host, port, user, alias, true);
    }

    /** This target, accepting only a key pinned under its alias (its address may be another host's too). */
    public SshTarget withoutAddressPin() {
        return new SshTarget(host, port, user, hostKeyAlias, false);
    }

    /** The name OpenSSH pins this host's key under: {@code host}, or {@code [host]:port} when the port is not 22. */
    public String addressAlias() {
        return addressAlias(host, port);
    }

    private static String addressAlias(String host, int port) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return port == DEFAULT_PORT ? bare : "[" + bare + "]:" + port;
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
