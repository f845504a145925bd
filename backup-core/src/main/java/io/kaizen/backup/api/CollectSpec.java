package io.kaizen.backup.api;

import io.kaizen.backup.collect.CollectRequest;
import io.kaizen.backup.collect.NodeLimits;
import io.kaizen.backup.collect.RetrySchedule;
import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.remote.BandwidthLimit;
import io.kaizen.backup.remote.SshSettings;
import io.kaizen.backup.remote.SshTarget;
import io.kaizen.backup.report.StoreHealth;
import io.kaizen.backup.retention.RetentionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to collect: the nodes to pull over SSH into {@code DEST/NODE/DATE}, with our private key and the
 * known_hosts file that pins the nodes' host keys. Defaults are those of {@link CollectRequest} and
 * {@link SshSettings}: {@value CollectRequest#DEFAULT_PARALLEL} nodes at once, keep
 * {@value CollectRequest#DEFAULT_KEEP_DAYS} days per node, stale after {@link CollectRequest#DEFAULT_MAX_AGE},
 * {@link SshSettings#DEFAULT_CONNECT_TIMEOUT} to connect, cut after {@link SshSettings#DEFAULT_IDLE_TIMEOUT} of
 * silence; unknown host keys are refused; not a dry run; no bandwidth limit; a single pass, no retries.
 */
public final class CollectSpec {
    private final Path dest;
    private final List<Node> nodes;
    private final int parallel;
    private final RetentionPolicy retention;
    private final Duration maxAge;
    private final boolean dryRun;
    private final BandwidthLimit bandwidthLimit;
    private final Optional<RetrySchedule> retry;
    private final SshSettings ssh;

    private CollectSpec(Builder builder) {
        this.dest = builder.dest;
        this.nodes = List.copyOf(builder.nodes);
        this.parallel = builder.parallel;
        this.retention = builder.retention;
        this.maxAge = builder.maxAge;
        this.dryRun = builder.dryRun;
        this.bandwidthLimit = builder.bandwidthLimit;
        this.retry = builder.retry;
        this.ssh = new SshSettings(builder.identity, builder.knownHosts, builder.connectTimeout, builder.idleTimeout,
                SshSettings.DEFAULT_KEEPALIVE, builder.acceptNew);
    }

    /**
     * A builder for pulling nodes into {@code dest}, authenticating with the private key {@code identity} and
     * checking host keys against {@code knownHosts}.
     */
    public static Builder builder(Path dest, Path identity, Path knownHosts) {
        return new Builder(Objects.requireNonNull(dest, "dest"), Objects.requireNonNull(identity, "identity"),
                Objects.requireNonNull(knownHosts, "knownHosts"));
    }

    public Path dest() {
        return dest;
    }

    public List<Node> nodes() {
        return nodes;
    }

    SshSettings ssh() {
        return ssh;
    }

    CollectRequest request(String host) {
        return new CollectRequest(dest, nodes, parallel, retention, maxAge, ssh.idleTimeout(), dryRun,
                CollectRequest.DEFAULT_MAX_ENTRIES, host, NodeLimits.DEFAULTS, false, bandwidthLimit, retry);
    }

    /** Collects the parts of a {@link CollectSpec}. */
    public static final class Builder {
        private final Path dest;
        private final Path identity;
        private final Path knownHosts;
        private final List<Node> nodes = new ArrayList<>();
        private int parallel = CollectRequest.DEFAULT_PARALLEL;
        private RetentionPolicy retention = RetentionPolicy.keepDays(CollectRequest.DEFAULT_KEEP_DAYS);
        private Duration maxAge = StoreHealth.DEFAULT_MAX_AGE;
        private boolean dryRun;
        private Duration connectTimeout = SshSettings.DEFAULT_CONNECT_TIMEOUT;
        private Duration idleTimeout = SshSettings.DEFAULT_IDLE_TIMEOUT;
        private boolean acceptNew;
        private BandwidthLimit bandwidthLimit = BandwidthLimit.UNLIMITED;
        private Optional<RetrySchedule> retry = Optional.empty();

        private Builder(Path dest, Path identity, Path knownHosts) {
            this.dest = dest;
            this.identity = identity.toAbsolutePath();
            this.knownHosts = knownHosts.toAbsolutePath();
        }

        /**
         * Adds a node named {@code name} (the directory of its copies) reached at {@code host} as user
         * {@value Node#DEFAULT_USER} on port {@value Node#DEFAULT_PORT}, serving its store at {@code /backups}.
         */
        public Builder node(String name, String host) {
            return node(new Node(name, new SshTarget(host, Node.DEFAULT_PORT, Node.DEFAULT_USER), Node.DEFAULT_STORE));
        }

        /** Adds a node with its own port, user or store. */
        public Builder node(Node node) {
            nodes.add(Objects.requireNonNull(node, "node"));
            return this;
        }

        /** How many nodes are pulled at once (1-256). */
        public Builder parallel(int value) {
            parallel = value;
            return this;
        }

        /** The retention applied to a node's copies after it was pulled. */
        public Builder retention(RetentionPolicy policy) {
            retention = Objects.requireNonNull(policy, "retention");
            return this;
        }

        /** A node whose newest good snapshot is older than this (by the node's own clock) is stale. */
        public Builder maxAge(Duration value) {
            maxAge = Objects.requireNonNull(value, "maxAge");
            return this;
        }

        /** Connect and report what would be collected and pruned; change nothing. */
        public Builder dryRun(boolean value) {
            dryRun = value;
            return this;
        }

        /** The longest TCP connect plus SSH handshake and authentication. */
        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        /** The longest silence of a node mid-transfer before its connection is cut. */
        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        /** Pin the host key of a node that has none pinned yet (trust on first use); a changed key is refused. */
        public Builder acceptNew(boolean value) {
            acceptNew = value;
            return this;
        }

        /** The most each node may send, in KiB/s; 0 is unlimited. Out of range: a ConfigException here. */
        public Builder bandwidthLimit(long kibPerSecond) {
            bandwidthLimit = new BandwidthLimit(kibPerSecond);
            return this;
        }

        /**
         * After the first pass, try again the nodes that failed or have no snapshot from today, {@code every} after
         * the previous pass ended, until {@code until} on the day the run started (the collector clock's zone). A
         * pause of zero or of a day or more: a ConfigException here.
         */
        public Builder retry(LocalTime until, Duration every) {
            retry = Optional.of(new RetrySchedule(until, every));
            return this;
        }

        /**
         * The request. A timeout that is not positive is a {@link io.kaizen.backup.ConfigException} here; no node,
         * or a parallel count or max-age out of range, is one when the collection starts, before anything changed.
         */
        public CollectSpec build() {
            return new CollectSpec(this);
        }
    }
}
