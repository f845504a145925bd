package io.kaizen.backup.remote;

import io.kaizen.backup.ConfigException;
import java.util.regex.Pattern;

/** Where to connect: host, port and login user. */
public record SshTarget(String host, int port, String user) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%-]+|\\[[0-9A-Fa-f:.%]+\\]");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");

    public SshTarget {
        if (host == null || !HOST.matcher(host).matches() || host.startsWith("-")) {
            throw new ConfigException("not a host name or address: '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException("port must be 1-65535, got " + port);
        }
        if (user == null || !USER.matcher(user).matches()) {
            throw new ConfigException("not a user name: '" + user + "'");
        }
    }

    /** The name of this host in known_hosts: {@code host}, or {@code [host]:port} when the port is not 22. */
    public String knownHostsName() {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return port == 22 ? bare : "[" + bare + "]:" + port;
    }

    @Override
    public String toString() {
        return user + "@" + host + (port == 22 ? "" : ":" + port);
    }
}
