package io.kaizen.backup.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kaizen.backup.retention.RetentionPolicy;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The collector's configuration file ({@code kaizen collect --config}):
 * <pre>
 * dest: /srv/backups                  # collector store root: DEST/NODE/DATE
 * inventory: /etc/kaizen/nodes.yaml   # a static inventory file, or a directory of node files
 * identity: /etc/kaizen/id_ed25519    # our private key
 * known-hosts: /etc/kaizen/known_hosts
 * parallel: 4                         # nodes pulled at once
 * max-age: 26h                        # a node whose newest good snapshot is older is stale
 * connect-timeout: 30s
 * timeout: 10m                        # longest silence of a node mid-transfer
 * retention: {keep-days: 8}           # per node, after a successful pull
 * deadline: 23h                       # longest pull of one node
 * min-rate: 1K                        # least average bytes/s of a pull older than timeout (0: none)
 * quota: 500G                         # most bytes one snapshot of a node may hold (0, the default: none)
 * preserve-devices: false             # make device nodes and set-id bits live in the store
 * bandwidth-limit: 20480              # KiB/s each node may send; 0 or absent: unlimited
 * retry-until: "08:00"                # try failed nodes and nodes without today's snapshot again until then
 * retry-every: 10m                    # pause between the passes (default 10m)
 * </pre>
 */
public record CollectorConfig(String dest, String inventory, String identity,
                              @JsonProperty("known-hosts") String knownHosts, Integer parallel,
                              @JsonProperty("max-age") String maxAge,
                              @JsonProperty("connect-timeout") String connectTimeout, String timeout,
                              NodeConfig.RetentionEntry retention, String deadline,
                              @JsonProperty("min-rate") String minRate, String quota,
                              @JsonProperty("preserve-devices") Boolean preserveDevices,
                              @JsonProperty("bandwidth-limit") Long bandwidthLimit,
                              @JsonProperty("retry-until") String retryUntil,
                              @JsonProperty("retry-every") String retryEvery) {
    public CollectorConfig {
        for (String[] path : new String[][] {{"dest", dest}, {"inventory", inventory}, {"identity", identity},
                {"known-hosts", knownHosts}}) {
            if (path[1] != null && !Path.of(path[1]).isAbsolute()) {
                throw new IllegalArgumentException(path[0] + ": must be an absolute path, got '" + path[1] + "'");
            }
        }
        if (parallel != null && (parallel < 1 || parallel > 256)) {
            throw new IllegalArgumentException("parallel: must be 1-256, got " + parallel);
        }
        for (String[] size : new String[][] {{"min-rate", minRate}, {"quota", quota}}) {
            if (size[1] != null) {
                try {
                    ByteSize.parse(size[1]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(size[0] + ": " + e.getMessage());
                }
            }
        }
        CollectorSettings.bandwidthLimit(bandwidthLimit, Optional.empty());
        CollectorSettings.retry(retryUntil, retryEvery, Optional.empty());
    }

    public Optional<Path> destPath() {
        return Optional.ofNullable(dest).map(Path::of);
    }

    public Optional<Path> inventoryPath() {
        return Optional.ofNullable(inventory).map(Path::of);
    }

    public Optional<Path> identityPath() {
        return Optional.ofNullable(identity).map(Path::of);
    }

    public Optional<Path> knownHostsPath() {
        return Optional.ofNullable(knownHosts).map(Path::of);
    }

    public Optional<RetentionPolicy> retentionPolicy() {
        return Optional.ofNullable(retention).map(NodeConfig.RetentionEntry::toPolicy);
    }
}
