package io.kaizen.backup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.collect.CollectRequest;
import io.kaizen.backup.collect.NodeLimits;
import io.kaizen.backup.collect.RetrySchedule;
import io.kaizen.backup.inventory.Inventory;
import io.kaizen.backup.remote.BandwidthLimit;
import io.kaizen.backup.report.StoreHealth;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.snapshot.SnapshotRequest;
import io.kaizen.backup.store.SnapshotName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the caller gave wins over the configuration file, which wins over the defaults. */
class SettingsResolutionTest {
    @TempDir
    Path tmp;

    private Optional<NodeConfig> node(String yaml) throws IOException {
        return Optional.of(ConfigLoader.loadNode(Files.writeString(tmp.resolve("node.yaml"), yaml)));
    }

    private static NodeSettings.SnapshotOptions given(Path store, List<Path> sources, String engine, String delta,
                                                      Boolean checksum, String host, RetentionPolicy retention) {
        return new NodeSettings.SnapshotOptions(store, sources, List.of("*.log"), engine, delta, checksum, null, null,
                host, Optional.ofNullable(retention), null, "this-host");
    }

    @Test
    void withNeitherOptionsNorConfigTheDefaultsApply() {
        SnapshotRequest request = NodeSettings.snapshotRequest(given(null, List.of(Path.of("/etc")), null, null, null,
                null, null), Optional.empty());
        assertThat(request.store()).isEqualTo(NodeSettings.DEFAULT_STORE);
        assertThat(request.engine()).isEqualTo("auto");
        assertThat(request.deltaMinSize()).isZero();
        assertThat(request.checksum()).isFalse();
        assertThat(request.acceptStoreWithoutHardLinks()).as("a store that cannot hard-link is refused").isFalse();
        assertThat(request.host()).isEqualTo("this-host");
        assertThat(request.retention()).isEmpty();
        assertThat(request.date()).isEmpty();
    }

    @Test
    void theConfigFillsWhatWasNotGiven() throws IOException {
        Optional<NodeConfig> config = node("""
                store: /srv/store
                engine: rsync
                delta-min-size: 64M
                checksum: true
                accept-store-without-hard-links: true
                host: compute-1
                exclude: ['*.tmp']
                sources: [{path: /var/lib/nova}]
                retention: {keep-days: 8}
                """);
        SnapshotRequest request = NodeSettings.snapshotRequest(given(null, List.of(), null, null, null, null, null),
                config);
        assertThat(request.acceptStoreWithoutHardLinks()).isTrue();
        assertThat(request.store()).isEqualTo(Path.of("/srv/store"));
        assertThat(request.engine()).isEqualTo("rsync");
        assertThat(request.deltaMinSize()).isEqualTo(64L << 20);
        assertThat(request.checksum()).isTrue();
        assertThat(request.host()).isEqualTo("compute-1");
        assertThat(request.sources()).extracting(s -> s.name()).containsExactly("/var/lib/nova");
        assertThat(request.retention()).contains(RetentionPolicy.keepDays(8));
        assertThat(request.globalFilters().rules()).extracting(r -> r.pattern()).as("configured rules first")
                .containsExactly("*.tmp", "*.log");
    }

    @Test
    void whatWasGivenWinsOverTheConfig() throws IOException {
        Optional<NodeConfig> config = node("""
                store: /srv/store
                engine: rsync
                delta-min-size: 64M
                checksum: true
                host: compute-1
                sources: [{path: /var/lib/nova}]
                retention: {keep-days: 8}
                """);
        SnapshotRequest request = NodeSettings.snapshotRequest(new NodeSettings.SnapshotOptions(Path.of("/other"),
                List.of(Path.of("/etc")), List.of(), "java", "1M", false, null, "2026-11-24", "given-host",
                Optional.of(RetentionPolicy.keepDays(3)), null, "this-host"), config);
        assertThat(request.store()).isEqualTo(Path.of("/other"));
        assertThat(request.engine()).isEqualTo("java");
        assertThat(request.deltaMinSize()).isEqualTo(1L << 20);
        assertThat(request.checksum()).isFalse();
        assertThat(request.host()).isEqualTo("given-host");
        assertThat(request.sources()).extracting(s -> s.name()).containsExactly("/etc");
        assertThat(request.retention()).contains(RetentionPolicy.keepDays(3));
        assertThat(request.date()).contains(SnapshotName.parse("2026-11-24"));
    }

    @Test
    void aBadSizeNamesTheSetting() {
        assertThatThrownBy(() -> NodeSettings.snapshotRequest(given(null, List.of(Path.of("/etc")), null, "64X", null,
                null, null), Optional.empty())).isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.setting()).contains("delta-min-size");
                    assertThat(e.getMessage()).startsWith("delta-min-size: '64X' is not a size");
                });
    }

    @Test
    void noSourceAnywhereNamesTheSetting() {
        assertThatThrownBy(() -> NodeSettings.snapshotRequest(given(null, List.of(), null, null, null, null, null),
                Optional.empty())).isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.setting()).contains("sources"));
    }

    @Test
    void aCollectorResolvesTheSameWayWithItsOwnDefaults() throws IOException {
        Path nodes = Files.writeString(tmp.resolve("nodes.yaml"), "nodes: [{name: n1, host: 10.0.0.1}]\n");
        Optional<CollectorConfig> none = Optional.empty();
        Inventory inventory = CollectorSettings.inventory(nodes, none);
        CollectRequest defaults = CollectorSettings.collectRequest(new CollectorSettings.CollectOptions(tmp, null, null,
                Optional.empty(), false, null, null, null, false, null, null, null), none, inventory, Duration.ofMinutes(5), "collector");
        assertThat(defaults.parallel()).isEqualTo(CollectRequest.DEFAULT_PARALLEL);
        assertThat(defaults.maxAge()).isEqualTo(StoreHealth.DEFAULT_MAX_AGE);
        assertThat(defaults.retention()).isEqualTo(RetentionPolicy.keepDays(CollectRequest.DEFAULT_KEEP_DAYS));
        assertThat(defaults.limits()).isEqualTo(NodeLimits.DEFAULTS);
        assertThat(defaults.preserveDevices()).isFalse();
        assertThat(defaults.bandwidthLimit()).isEqualTo(BandwidthLimit.UNLIMITED);
        assertThat(defaults.retry()).isEmpty();

        Optional<CollectorConfig> config = Optional.of(ConfigLoader.loadCollector(Files.writeString(
                tmp.resolve("collector.yaml"), "dest: /srv/backups\ninventory: " + nodes + "\nparallel: 2\n"
                        + "max-age: 30h\nretention: {keep-days: 4}\ndeadline: 6h\nmin-rate: 2K\nquota: 10G\n"
                        + "preserve-devices: true\nbandwidth-limit: 2048\nretry-until: 08:00\n")));
        CollectRequest configured = CollectorSettings.collectRequest(new CollectorSettings.CollectOptions(null, null,
                null, Optional.empty(), false, null, null, null, false, null, null, null), config, CollectorSettings.inventory(null, config), Duration.ofMinutes(5),
                "collector");
        assertThat(configured.dest()).isEqualTo(Path.of("/srv/backups"));
        assertThat(configured.parallel()).isEqualTo(2);
        assertThat(configured.maxAge()).isEqualTo(Duration.ofHours(30));
        assertThat(configured.retention()).isEqualTo(RetentionPolicy.keepDays(4));
        assertThat(configured.limits()).isEqualTo(new NodeLimits(Duration.ofHours(6), 2048, 10L << 30));
        assertThat(configured.preserveDevices()).isTrue();
        assertThat(configured.bandwidthLimit()).isEqualTo(new BandwidthLimit(2048));
        assertThat(configured.retry()).contains(new RetrySchedule(LocalTime.of(8, 0), RetrySchedule.DEFAULT_EVERY));

        CollectRequest given = CollectorSettings.collectRequest(new CollectorSettings.CollectOptions(tmp, 8, "2d",
                Optional.of(RetentionPolicy.keepDays(9)), true, "2h", "10K", "1G", true, 0L, "7:30", "90s"), config, inventory, Duration.ofMinutes(5), "collector");
        assertThat(given.dest()).isEqualTo(tmp);
        assertThat(given.parallel()).isEqualTo(8);
        assertThat(given.maxAge()).isEqualTo(Duration.ofDays(2));
        assertThat(given.retention()).isEqualTo(RetentionPolicy.keepDays(9));
        assertThat(given.dryRun()).isTrue();
        assertThat(given.limits()).isEqualTo(new NodeLimits(Duration.ofHours(2), 10240, 1L << 30));
        assertThat(given.bandwidthLimit()).isEqualTo(BandwidthLimit.UNLIMITED);
        assertThat(given.retry()).contains(new RetrySchedule(LocalTime.of(7, 30), Duration.ofSeconds(90)));
    }

    @Test
    void aBandwidthLimitOrRetryWindowOutOfRangeNamesFileLineAndKey() throws IOException {
        for (String[] bad : new String[][] {
                {"bandwidth-limit: -1", "bandwidth-limit: must be 0 (unlimited) to 10485760 KiB/s, got -1"},
                {"bandwidth-limit: 99999999999", "bandwidth-limit: must be 0 (unlimited)"},
                {"retry-until: \"25:00\"", "retry-until: must be a time of day HH:MM (00:00-23:59), got '25:00'"},
                {"retry-until: soon", "retry-until: must be a time of day"},
                {"retry-every: 24h\nretry-until: \"08:00\"", "retry-every: must be positive and shorter than a day (a retry"
                        + " window ends the day it starts), got 24h"},
                {"retry-every: 0s\nretry-until: 08:00", "retry-every: not a duration: '0s'"},
                {"retry-every: 5m", "retry-every: needs retry-until"}}) {
            Path file = Files.writeString(tmp.resolve("bad.yaml"), "dest: /srv/backups\n" + bad[0] + "\n");
            assertThatThrownBy(() -> ConfigLoader.loadCollector(file)).as(bad[0]).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("bad.yaml:2").hasMessageContaining(bad[1]);
        }
        assertThatThrownBy(() -> CollectorSettings.retry("8", null, Optional.empty()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).contains("retry-until"));
        assertThatThrownBy(() -> CollectorSettings.bandwidthLimit(-5L, Optional.empty()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).contains("bandwidth-limit"));
    }

    @Test
    void aBandwidthLimitAtOrUnderTheMinimumRateIsRefusedNamingBoth() throws IOException {
        Path nodes = Files.writeString(tmp.resolve("nodes.yaml"), "nodes: [{name: n1, host: 10.0.0.1}]\n");
        Inventory inventory = CollectorSettings.inventory(nodes, Optional.empty());

        assertThatThrownBy(() -> CollectorSettings.collectRequest(new CollectorSettings.CollectOptions(tmp, null, null,
                Optional.empty(), false, null, "2K", null, false, 2L, null, null), Optional.empty(), inventory,
                Duration.ofMinutes(5), "collector"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).contains("bandwidth-limit"))
                .hasMessageContaining("not above min-rate (2048 bytes/s)");
        assertThat(CollectorSettings.collectRequest(new CollectorSettings.CollectOptions(tmp, null, null,
                Optional.empty(), false, null, "0", null, false, 1L, null, null), Optional.empty(), inventory,
                Duration.ofMinutes(5), "collector").bandwidthLimit()).isEqualTo(new BandwidthLimit(1));
    }

    @Test
    void aCollectorWithoutDestOrInventoryNamesTheSetting() {
        assertThatThrownBy(() -> CollectorSettings.dest(null, Optional.empty()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).contains("dest"));
        assertThatThrownBy(() -> CollectorSettings.inventory(null, Optional.empty()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).contains("inventory"));
    }

    @Test
    void aDatabaseSourceIsFoundByNameAmongTheConfiguredOnes() throws IOException {
        Optional<NodeConfig> config = node("""
                sources:
                  - path: /etc
                  - postgresql: {name: haas, databases: [haas]}
                """);
        assertThat(NodeSettings.databaseSource(config, "haas")).hasValueSatisfying(s -> assertThat(s.kind())
                .isEqualTo("postgresql"));
        assertThat(NodeSettings.databaseSource(config, "/etc")).as("a path source is no database").isEmpty();
        assertThat(NodeSettings.databaseSource(Optional.empty(), "haas")).isEmpty();
    }
}
