package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.testing.TreeBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kaizen collect --bwlimit} and {@code --retry-until/--retry-every} through real OpenSSH: real sshd
 * instances on 127.0.0.1 as nodes, their agents real processes, node stores made by the real snapshot job, and
 * real waiting on a real (offset) clock.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectRetryBandwidthSshIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 10);

    @TempDir
    static Path tmp;

    private SshNodes nodes;

    @BeforeAll
    void startNodes() throws Exception {
        nodes = new SshNodes(tmp.resolve("ssh"));
    }

    @AfterAll
    void stopNodes() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
    }


    /** A node whose store holds one snapshot of {@code source}, made {@code daysAgo} days before TODAY. */
    private SshNodes.Node node(String name, Path source, int daysAgo) throws Exception {
        SshNodes.Node node = nodes.start(name);
        SshNodes.snapshot(source, node.store(), TODAY.minusDays(daysAgo), name);
        return node;
    }

    private KaizenProcess.Result collect(Clock clock, SshNodes.Node node, Path dest, String... extra) throws Exception {
        Path inventory = Files.write(tmp.resolve("nodes-" + node.name() + ".yaml"), List.of("user: " + SshNodes.USER,
                "nodes:", "  - {name: " + node.name() + ", host: 127.0.0.1, port: " + node.port() + ", store: "
                        + node.store() + "}"));
        Path known = Files.writeString(tmp.resolve("known-" + node.name()), node.knownHostsLine() + "\n");
        List<String> args = new ArrayList<>(List.of("collect", "--inventory", inventory.toString(), "--dest",
                dest.toString(), "--identity", nodes.userKey().toString(), "--known-hosts", known.toString(),
                "--connect-timeout", "30s"));
        args.addAll(List.of(extra));
        return InProcess.run(clock, args.toArray(String[]::new));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    @Test
    void aBandwidthLimitSlowsTheNodesStreamToIt() throws Exception {
        byte[] data = new byte[4 << 20];
        new Random(7).nextBytes(data);
        Path src = tmp.resolve("src-bw");
        TreeBuilder.at(src).file("var/lib/image".getBytes(StandardCharsets.UTF_8), data);
        SshNodes.Node node = node("bw", src, 1);

        long unlimitedStart = System.nanoTime();
        KaizenProcess.Result unlimited = collect(InProcess.at(TODAY), node, tmp.resolve("dest-unlimited"), "--json");
        double unlimitedSeconds = seconds(unlimitedStart);
        long limitedStart = System.nanoTime();
        KaizenProcess.Result limited = collect(InProcess.at(TODAY), node, tmp.resolve("dest-limited"), "--json",
                "--bwlimit", "1024");
        double limitedSeconds = seconds(limitedStart);

        assertThat(unlimited.exitCode()).as(unlimited.toString()).isZero();
        assertThat(limited.exitCode()).as(limited.toString()).isZero();
        for (KaizenProcess.Result result : List.of(unlimited, limited)) {
            assertThat(JSON.readTree(result.stdout()).at("/nodes/0/stats/bytesReceived").asLong())
                    .as("the whole 4 MiB travelled").isGreaterThan(4 << 20);
        }
        System.out.printf("collect of 4 MiB over ssh: unlimited %.2fs, --bwlimit 1024 %.2fs%n", unlimitedSeconds,
                limitedSeconds);
        assertThat(limitedSeconds).as("4 MiB at 1024 KiB/s").isGreaterThan(3.5);
        assertThat(limitedSeconds - unlimitedSeconds).as("unlimited is clearly faster").isGreaterThan(2.0);
    }

    @Test
    void aNodeWhoseSnapshotForTodayAppearsAfterTheFirstAttemptIsCollectedOnARetry() throws Exception {
        Path src = tmp.resolve("src-late");
        TreeBuilder.at(src).file("etc/nova/nova.conf", "[DEFAULT]\n");
        SshNodes.Node node = node("late", src, 1);
        Path dest = tmp.resolve("dest-late");
        Instant start = TODAY.atTime(LocalTime.of(2, 30)).toInstant(ZoneOffset.UTC);
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), start));
        CompletableFuture<Void> today = CompletableFuture.runAsync(() -> {
            Path yesterday = dest.resolve("late").resolve(TODAY.minusDays(1).toString());
            try {
                for (int i = 0; i < 600 && !Files.isDirectory(yesterday); i++) {
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            SshNodes.snapshot(src, node.store(), TODAY, "late");
        });

        KaizenProcess.Result result = collect(clock, node, dest, "--json", "--retry-until", "02:32",
                "--retry-every", "1s");

        today.get(60, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode report = JSON.readTree(result.stdout());
        assertThat(report.at("/nodes/0/collected").asText()).isEqualTo(TODAY.toString());
        assertThat(report.at("/nodes/0/attempts").asInt()).as(result.toString()).isGreaterThanOrEqualTo(2);
        assertThat(dest.resolve("late").resolve(TODAY.minusDays(1).toString())).isDirectory();
        assertThat(dest.resolve("late").resolve(TODAY.toString())).isDirectory();
        assertThat(Duration.between(start, clock.instant())).as("it stopped once the node had today's snapshot")
                .isLessThan(Duration.ofSeconds(100));
    }
}
