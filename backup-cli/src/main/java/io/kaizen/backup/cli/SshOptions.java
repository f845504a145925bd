package io.kaizen.backup.cli;

import io.kaizen.backup.config.CollectorConfig;
import io.kaizen.backup.config.CollectorSettings;
import io.kaizen.backup.remote.SshSettings;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How a collector reaches nodes; options override the collector config. */
final class SshOptions {
    @Option(names = {"-i", "--identity"}, paramLabel = "FILE",
            description = "Our private key (default: 'identity:' from the config, else /etc/kaizen/id_ed25519).")
    Path identity;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "Our pinned host keys (default: 'known-hosts:' from the config, else /etc/kaizen/known_hosts).")
    Path knownHosts;

    @Option(names = "--connect-timeout", paramLabel = "AGE",
            description = "Longest wait for a node's TCP connection, SSH handshake and login (default 30s).")
    String connectTimeout;

    @Option(names = "--timeout", paramLabel = "AGE",
            description = "Longest silence of a node in the middle of a transfer before it is cut (default 10m).")
    String timeout;

    SshSettings settings(Optional<CollectorConfig> config, boolean acceptNew) {
        return CollectorSettings.ssh(new CollectorSettings.SshOptions(identity, knownHosts, connectTimeout, timeout,
                acceptNew), config);
    }
}
