package io.kaizen.backup.remote;

import io.kaizen.backup.ConfigException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach nodes and devices: our private key (may be null where only host keys are fetched), our
 * known_hosts file, timeouts, and whether an unknown host key may be pinned on first use ({@code acceptNew}; a
 * changed key is refused regardless). Every SSH default is defined here.
 *
 * @param connectTimeout  TCP connect plus SSH handshake and authentication
 * @param idleTimeout     longest silence of a connection in use before it is cut
 * @param keepAlive       interval of SSH keepalives; three unanswered ones end the session
 */
public record SshSettings(Path identity, Path knownHosts, Duration connectTimeout, Duration idleTimeout,
                          Duration keepAlive, boolean acceptNew) {
    public static final Path DEFAULT_IDENTITY = Path.of("/etc/kaizen/id_ed25519");
    public static final Path DEFAULT_KNOWN_HOSTS = Path.of("/etc/kaizen/known_hosts");
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(15);

    public SshSettings {
        if (knownHosts == null) {
            throw new ConfigException("no known_hosts file given");
        }
        requirePositive("connect timeout", connectTimeout);
        requirePositive("timeout", idleTimeout);
        requirePositive("keepalive interval", keepAlive);
    }

    /** Key and known_hosts with the default timeouts; unknown host keys are refused. */
    public static SshSettings pinned(Path identity, Path knownHosts) {
        return new SshSettings(identity, knownHosts, DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_KEEPALIVE,
                false);
    }

    private static void requirePositive(String what, Duration value) {
        if (value == null || value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
            throw new ConfigException(what + " must be positive, got " + value);
        }
    }
}
