package io.kaizen.backup.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.api.Backups;
import io.kaizen.backup.api.CollectSpec;
import io.kaizen.backup.collect.CollectReport;
import io.kaizen.backup.collect.NodeResult;
import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.remote.SshTarget;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedCollectTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T05:00:00Z"), ZoneOffset.UTC);

    @Test
    void eachNameEqualsHostIsANodeWithTheDefaultUserPortAndStore(@TempDir Path tmp) {
        CollectSpec spec = EmbeddedCollect.spec(tmp.resolve("dest"), tmp.resolve("id"), tmp.resolve("known"),
                List.of("web1=web1.example.org", "db1=10.0.0.7"));

        assertThat(spec.dest()).isEqualTo(tmp.resolve("dest"));
        assertThat(spec.nodes()).containsExactly(
                new Node("web1", new SshTarget("web1.example.org", 22, "kaizen-backup"), Path.of("/backups")),
                new Node("db1", new SshTarget("10.0.0.7", 22, "kaizen-backup"), Path.of("/backups")));
    }

    @Test
    void badInputIsRefusedWithAClearMessage(@TempDir Path tmp) {
        assertThatThrownBy(() -> EmbeddedCollect.spec(tmp, tmp.resolve("id"), tmp.resolve("known"), List.of("web1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not NAME=HOST: web1");
        assertThatThrownBy(() -> EmbeddedCollect.spec(tmp, tmp.resolve("id"), tmp.resolve("known"),
                List.of("../x=web1")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("not a valid node name: '../x'");
        assertThatThrownBy(() -> CollectSpec.builder(tmp, tmp.resolve("id"), tmp.resolve("known"))
                .idleTimeout(Duration.ZERO).build())
                .isInstanceOf(ConfigException.class).hasMessage("timeout must be positive, got PT0S");
        CollectSpec noNodes = CollectSpec.builder(tmp, tmp.resolve("id"), tmp.resolve("known")).build();
        assertThatThrownBy(() -> Backups.create(CLOCK, "collector").collect(noNodes))
                .isInstanceOf(ConfigException.class).hasMessage("the inventory lists no nodes");
    }

    @Test
    void aNodeNobodyAnswersForFailsAsUnreachableAndNothingIsCollected(@TempDir Path tmp) throws Exception {
        Path identity = tmp.resolve("id_ed25519");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", identity.toString())
                .redirectErrorStream(true).start();
        assertThat(keygen.waitFor()).isZero();
        Path knownHosts = Files.createFile(tmp.resolve("known_hosts"));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path dest = tmp.resolve("dest");
        CollectSpec spec = CollectSpec.builder(dest, identity, knownHosts)
                .node(new Node("web1", new SshTarget("127.0.0.1", closedPort, "kaizen-backup"), Path.of("/backups")))
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        CollectReport report = EmbeddedCollect.collect(Backups.create(CLOCK, "collector"), spec);

        assertThat(report.exitCode()).isEqualTo(1);
        NodeResult web1 = report.nodes().get(0);
        assertThat(web1.status()).isEqualTo(NodeResult.Status.FAILED);
        assertThat(web1.message()).contains("unreachable");
        assertThat(web1.collected()).isEmpty();
        assertThat(Files.list(dest.resolve("web1")).filter(p -> !p.getFileName().toString().equals(".kaizen")))
                .isEmpty();
    }
}
