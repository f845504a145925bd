package io.kaizen.backup.remote;

import io.kaizen.backup.ConfigException;
import java.nio.file.Path;

/**
 * Where and as whom {@link SshExec} runs one command (a switch's show command): host, port, user, the private
 * key to authenticate with, and the known_hosts file that pins the host's key (for a port other than 22 its
 * line names {@code [HOST]:PORT}). The collector's sessions use {@link SshTarget} and {@link SshConnector}.
 */
public record SshCommandTarget(String host, int port, String user, Path identity, Path knownHosts) {
    public SshCommandTarget {
        if (host == null || host.isBlank()) {
            throw new ConfigException("ssh: no host given");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException("ssh: port must be 1-65535, got " + port);
        }
        if (user == null || user.isBlank()) {
            throw new ConfigException("ssh: no user given for " + host);
        }
        if (identity == null || knownHosts == null) {
            throw new ConfigException("ssh: " + host + " needs an identity (private key) and a known-hosts file");
        }
    }

    /** {@code user@host:port}, for messages. */
    public String display() {
        return user + "@" + host + (port == 22 ? "" : ":" + port);
    }

    /** How the host appears in known_hosts. */
    public String knownHostsName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }
}
