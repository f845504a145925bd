package io.kaizen.backup.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.fs.ExtendedAttributes;
import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.remote.BandwidthLimit;
import io.kaizen.backup.remote.SshTarget;
import io.kaizen.backup.remote.agent.AgentServer;
import io.kaizen.backup.remote.agent.LoopbackAgents;
import io.kaizen.backup.remote.agent.MaliciousAgent.Item;
import io.kaizen.backup.remote.agent.MaliciousAgent;
import io.kaizen.backup.restore.RestoreRequest;
import io.kaizen.backup.restore.Restorer;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.snapshot.SnapshotJob;
import io.kaizen.backup.snapshot.SnapshotListener;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.testing.Commands;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.verify.Verifier;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CollectJob against agents in this JVM on loopback sockets (no SSH): real node stores made by SnapshotJob with
 * the real rsync, served by the real AgentServer; and a malicious test double. The same collection through a
 * real sshd is in backup-cli's CollectSshIT.
 */
class CollectJobIT {
    @TempDir
    Path tmp;

    private Path makeNode(String name) {
        return tmp.resolve("nodes").resolve(name);
    }

    private static void snapshot(Path source, Path store, String date, String host) {
        snapshot(source, store, date, host, RunStatus.SUCCEEDED);
    }

    private static void snapshot(Path source, Path store, String date, String host, RunStatus expected) {
        Clock clock = Clock.fixed(Instant.parse(date + "T02:30:00Z"), ZoneOffset.UTC);
        var report = new SnapshotJob(clock, SnapshotListener.NONE).run(io.kaizen.backup.snapshot.SnapshotRequest.builder()
                .store(store).host(host).engine("rsync").source(new PathSource(source, FilterRules.NONE)).build());
        assertThat(report.status()).isEqualTo(expected);
    }

    private static LoopbackAgents.Peer serving(Path store, String date) {
        return serving(store, Instant.parse(date + "T06:00:00Z"));
    }

    private static LoopbackAgents.Peer serving(Path store, Instant nodeTime) {
        Clock nodeClock = Clock.fixed(nodeTime, ZoneOffset.UTC);
        return (in, out) -> new AgentServer(SnapshotStore.at(store), nodeClock, "node").serve(in, out);
    }

    private static Node node(String name) {
        return new Node(name, new SshTarget(name, 22, "kaizen-backup"), Path.of("/backups"));
    }

    private CollectReport collect(LoopbackAgents agents, String today, RetentionPolicy retention, String... nodes) {
        return collect(agents, today, retention, NodeLimits.DEFAULTS, nodes);
    }

    private CollectReport collect(LoopbackAgents agents, String today, RetentionPolicy retention, NodeLimits limits,
                                  String... nodes) {
        return collect(tmp.resolve("dest"), agents, today, retention, limits, false, nodes);
    }

    private static CollectReport collect(Path dest, LoopbackAgents agents, String today, RetentionPolicy retention,
                                         NodeLimits limits, boolean preserveDevices, String... nodes) {
        Clock clock = Clock.fixed(Instant.parse(today + "T07:00:00Z"), ZoneOffset.UTC);
        CollectRequest request = new CollectRequest(dest, Stream.of(nodes).map(CollectJobIT::node).toList(),
                2, retention, Duration.ofHours(26), Duration.ofSeconds(6), false, 1000, "collector", limits,
                preserveDevices, BandwidthLimit.UNLIMITED, Optional.empty());
        return new CollectJob(clock, agents, CollectListener.NONE).run(request);
    }

    private static void assertSameTree(Path nodeSnapshot, Path copy) throws IOException {
        assertThat(TreeListing.of(copy, Set.of(Snapshot.META_DIR)).differences(TreeListing.of(nodeSnapshot, Set.of(Snapshot.META_DIR))))
                .isEmpty();
        for (String meta : List.of("manifest.json", "SHA256SUMS")) {
            assertThat(Files.readAllBytes(copy.resolve(".kaizen").resolve(meta)))
                    .isEqualTo(Files.readAllBytes(nodeSnapshot.resolve(".kaizen").resolve(meta)));
        }
    }

    @Test
    void collectsLinksUnchangedFilesPullsChangesAsDeltasAndPrunesPerNode() throws Exception {
        Path srcA = tmp.resolve("src-a");
        byte[] big = new byte[3 << 20];
        new Random(1).nextBytes(big);
        TreeBuilder.at(srcA).file("etc/a.conf", "alpha").file("etc/b.conf", "beta").dir("empty")
                .symlink("etc/link", "/etc/passwd").hardlink("etc/a-again.conf", "etc/a.conf")
                .file("var/big".getBytes(StandardCharsets.UTF_8), big)
                .file(new byte[] {'n', (byte) 0xff, '\\', 'x'}, "odd name".getBytes(StandardCharsets.UTF_8))
                .mode("etc/b.conf", 0750);
        Path srcB = tmp.resolve("src-b");
        TreeBuilder.at(srcB).file("data/one", "1");
        Path storeA = makeNode("a");
        Path storeB = makeNode("b");
        snapshot(srcA, storeA, "2026-11-20", "a");
        snapshot(srcB, storeB, "2026-11-20", "b");
        LoopbackAgents agents = new LoopbackAgents().add("a", serving(storeA, "2026-11-20")).add("b", serving(storeB, "2026-11-20"));

        CollectReport first = collect(agents, "2026-11-20", RetentionPolicy.keepDays(8), "a", "b");
        assertThat(first.nodes()).extracting(NodeResult::status).containsOnly(NodeResult.Status.OK);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Path destA = tmp.resolve("dest/a");
        assertSameTree(storeA.resolve("2026-11-20"), destA.resolve("2026-11-20"));
        assertSameTree(storeB.resolve("2026-11-20"), tmp.resolve("dest/b/2026-11-20"));

        // day 2: a small change inside the big file, one changed small file
        try (RandomAccessFile file = new RandomAccessFile(srcA.resolve("var/big").toFile(), "rw")) {
            file.seek(1_000_000);
            file.write("CHANGED".getBytes(StandardCharsets.US_ASCII));
        }
        Files.writeString(srcA.resolve("etc/b.conf"), "beta, changed");
        // the changes may fall in the same second as the first copy: move mtimes on, or rsync's quick check links them
        TreeBuilder.at(srcA).mtime("var/big", Instant.parse("2026-11-21T01:00:00Z"))
                .mtime("etc/b.conf", Instant.parse("2026-11-21T01:00:00Z"));
        snapshot(srcA, storeA, "2026-11-21", "a");
        agents.add("a", serving(storeA, "2026-11-21"));
        CollectReport second = collect(agents, "2026-11-21", RetentionPolicy.keepDays(8), "a", "b");
        NodeResult a = second.nodes().get(0);
        assertThat(a.action()).isEqualTo(NodeResult.Action.COLLECTED);
        assertThat(second.nodes().get(1).action()).isEqualTo(NodeResult.Action.UP_TO_DATE);
        assertSameTree(storeA.resolve("2026-11-21"), destA.resolve("2026-11-21"));
        assertThat(Files.isSameFile(destA.resolve("2026-11-20").resolve(srcA.toString().substring(1)).resolve("etc/a.conf"),
                destA.resolve("2026-11-21").resolve(srcA.toString().substring(1)).resolve("etc/a.conf"))).isTrue();
        assertThat(a.stats().filesDelta()).as("var/big, etc/b.conf, backup.info").isEqualTo(3);
        assertThat(a.stats().deltaLiteralBytes()).isLessThan(20_000);
        assertThat(a.stats().bytesReceived()).isLessThan(200_000);
        Snapshot copy = SnapshotStore.at(destA).find(SnapshotName.parse("2026-11-21")).orElseThrow();
        assertThat(Verifier.verify(copy).ok()).isTrue();

        // day 3 with keep-days 2: day 1 goes
        snapshot(srcA, storeA, "2026-11-22", "a");
        agents.add("a", serving(storeA, "2026-11-22"));
        CollectReport third = collect(agents, "2026-11-22", RetentionPolicy.keepDays(2), "a");
        assertThat(third.nodes().get(0).prune().orElseThrow().deleted()).extracting(SnapshotName::toString)
                .containsExactly("2026-11-20");
        assertThat(SnapshotStore.at(destA).snapshots()).extracting(s -> s.name().toString())
                .containsExactly("2026-11-21", "2026-11-22");
    }

    @Test
    void aNodeMidSnapshotGivesItsLastCompleteSnapshot() throws Exception {
        Path src = tmp.resolve("src");
        TreeBuilder.at(src).file("f", "x");
        Path store = makeNode("a");
        snapshot(src, store, "2026-11-20", "a");
        TreeBuilder.at(store.resolve("2026-11-21.partial")).file("half", "written");
        LoopbackAgents agents = new LoopbackAgents().add("a", serving(store, Instant.parse("2026-11-21T02:00:00Z")));
        CollectReport report = collect(agents, "2026-11-21", RetentionPolicy.keepDays(8), "a");
        assertThat(report.nodes().get(0).collected()).contains("2026-11-20");
        assertThat(report.nodes().get(0).status()).isEqualTo(NodeResult.Status.OK);
        assertThat(tmp.resolve("dest/a/2026-11-21.partial")).doesNotExist();
    }

    @Test
    void maliciousAgentsAreContainedReportedAndDoNotStopOtherNodes() throws Exception {
        Path src = tmp.resolve("src");
        TreeBuilder.at(src).file("f", "good");
        Path store = makeNode("good");
        snapshot(src, store, "2026-11-24", "good");
        Path outside = tmp.resolve("dest").resolve("escaped");
        LoopbackAgents agents = new LoopbackAgents().add("good", serving(store, "2026-11-24"))
                .add("dotdot", MaliciousAgent.listing(Item.file("../escaped", "pwned")))
                .add("dotdot-deep", MaliciousAgent.listing(Item.dir("d"), Item.file("d/../../escaped", "pwned")))
                .add("absolute", MaliciousAgent.listing(Item.file("/tmp/kaizen-escaped", "pwned")))
                .add("symlinked-parent", MaliciousAgent.listing(Item.symlink("etc", outside.getParent().toString()),
                        Item.file("etc/escaped", "pwned")))
                .add("huge", MaliciousAgent.listing(Item.claiming("big", 10L << 30, "abc")))
                .add("huge-unclaimed", MaliciousAgent.listing(Item.claiming("big", 10L << 30, "abc")).claiming(1, 3))
                .add("endless", MaliciousAgent.endless(5))
                .add("endless-claims-billions", MaliciousAgent.endless(5_000_000_000L))
                .add("silent", MaliciousAgent.silent());
        List<String> evil = List.of("dotdot", "dotdot-deep", "absolute", "symlinked-parent", "huge", "huge-unclaimed",
                "endless", "endless-claims-billions", "silent");
        String[] all = Stream.concat(evil.stream(), Stream.of("good")).toArray(String[]::new);

        long start = System.nanoTime();
        CollectReport report = collect(agents, "2026-11-24", RetentionPolicy.keepDays(8), all);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;

        assertThat(report.exitCode()).isEqualTo(1);
        NodeResult good = report.nodes().get(all.length - 1);
        assertThat(good.status()).as(good.message()).isEqualTo(NodeResult.Status.OK);
        assertThat(good.collected()).contains("2026-11-24");
        for (NodeResult result : report.nodes().subList(0, evil.size())) {
            assertThat(result.status()).as(result.node() + ": " + result.message()).isEqualTo(NodeResult.Status.FAILED);
            assertThat(result.message()).as(result.node()).contains(result.node());
            assertThat(tmp.resolve("dest").resolve(result.node())).isDirectory();
            try (Stream<Path> left = Files.list(tmp.resolve("dest").resolve(result.node()))) {
                assertThat(left.map(p -> p.getFileName().toString())).as(result.node()).containsOnly(".kaizen");
            }
        }
        assertThat(report.nodes().get(evil.indexOf("dotdot")).message()).contains("'..' component");
        assertThat(report.nodes().get(evil.indexOf("absolute")).message()).contains("absolute name");
        assertThat(report.nodes().get(evil.indexOf("symlinked-parent")).message()).contains("not a directory listed before it");
        assertThat(report.nodes().get(evil.indexOf("huge")).message()).contains("ended after 3 of the 10737418240 bytes listed");
        assertThat(report.nodes().get(evil.indexOf("huge-unclaimed")).message()).contains("claims 10737418240 bytes");
        assertThat(report.nodes().get(evil.indexOf("endless")).message()).contains("more entries than its manifest counts");
        assertThat(report.nodes().get(evil.indexOf("endless-claims-billions")).message()).contains("limit");
        assertThat(report.nodes().get(evil.indexOf("silent")).failure()).contains("timed out");
        assertThat(outside).doesNotExist();
        assertThat(Path.of("/tmp/kaizen-escaped")).doesNotExist();
        assertThat(seconds).as("the silent node is cut by the idle timeout").isLessThan(60);
    }

    @Test
    void securityLabelsAndTrustedAttributesAreRecordedNotLiveUnlessDevicesArePreservedAndRestoreSetsThemBack()
            throws Exception {
        Path src = tmp.resolve("src");
        TreeBuilder.at(src).file("etc/labelled", "x");
        Commands.run("setfattr", "-n", "trusted.dir", "-v", "d", src.resolve("etc").toString());
        Commands.run("setfattr", "-n", "security.selinux", "-v", "system_u:object_r:etc_t:s0",
                src.resolve("etc/labelled").toString());
        Commands.run("setfattr", "-n", "trusted.overlay.redirect", "-v", "/elsewhere",
                src.resolve("etc/labelled").toString());
        Commands.run("setfattr", "-n", "user.keep", "-v", "k", src.resolve("etc/labelled").toString());
        Path store = makeNode("x");
        snapshot(src, store, "2026-11-24", "x");
        LoopbackAgents agents = new LoopbackAgents().add("x", serving(store, "2026-11-24"));
        ExtendedAttributes xattrs = ExtendedAttributes.forThisProcess();
        String prefix = src.toString().substring(1);

        CollectReport report = collect(agents, "2026-11-24", RetentionPolicy.keepDays(8), "x");

        assertThat(report.exitCode()).as(report.toString()).isZero();
        Path copy = tmp.resolve("dest/x/2026-11-24");
        assertThat(xattrs.read(copy.resolve(prefix).resolve("etc/labelled")).values()).as("only user. is live")
                .containsOnlyKeys("user.keep");
        assertThat(xattrs.read(copy.resolve(prefix).resolve("etc")).values()).isEmpty();
        assertThat(Files.readAllLines(copy.resolve(".kaizen/xattrs"))).containsExactly(
                "trusted.dir 0x64 " + prefix + "/etc",
                "security.selinux 0x" + HexFormat.of().formatHex("system_u:object_r:etc_t:s0".getBytes(StandardCharsets.US_ASCII))
                        + " " + prefix + "/etc/labelled",
                "trusted.overlay.redirect 0x" + HexFormat.of().formatHex("/elsewhere".getBytes(StandardCharsets.US_ASCII))
                        + " " + prefix + "/etc/labelled");

        Path target = tmp.resolve("restored");
        Restorer.restore(new RestoreRequest(tmp.resolve("dest/x"), "2026-11-24", src, target, false, false),
                Clock.systemUTC());
        for (String path : List.of("etc", "etc/labelled")) {
            assertThat(xattrs.read(target.resolve(prefix).resolve(path))).as(path).isEqualTo(xattrs.read(src.resolve(path)));
        }

        Path preserving = tmp.resolve("dest-preserving");
        CollectReport live = collect(preserving, agents, "2026-11-24", RetentionPolicy.keepDays(8), NodeLimits.DEFAULTS,
                true, "x");
        assertThat(live.nodes().get(0).collected()).as(live.toString()).contains("2026-11-24");
        Path liveCopy = preserving.resolve("x/2026-11-24").resolve(prefix);
        assertThat(xattrs.read(liveCopy.resolve("etc/labelled"))).as("all live with preserve-devices")
                .isEqualTo(xattrs.read(src.resolve("etc/labelled")));
        assertThat(xattrs.read(liveCopy.resolve("etc"))).isEqualTo(xattrs.read(src.resolve("etc")));
        assertThat(preserving.resolve("x/2026-11-24/.kaizen/xattrs")).doesNotExist();
    }

    /** One entry's extended attributes as an agent writes them: count, then name and value for each. */
    private static byte[] rawXattrs(int count, String prefix, int valueLength, int claimedLength) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(count);
        for (int i = 0; i < count; i++) {
            byte[] name = String.format("%s%05d", prefix, i).getBytes(StandardCharsets.US_ASCII);
            out.writeByte(name.length);
            out.write(name);
            out.writeInt(claimedLength);
            out.write(new byte[valueLength]);
        }
        return bytes.toByteArray();
    }

    @Test
    void hostileExtendedAttributesAreRefusedNamingTheNodeBeforeTheyCostMemory() throws Exception {
        LoopbackAgents agents = new LoopbackAgents()
                .add("claims-2gib", MaliciousAgent.listing(Item.file("f", "x"))
                        .withRawXattrs(rawXattrs(1, "user.x", 0, Integer.MAX_VALUE)))
                .add("too-many", MaliciousAgent.listing(Item.file("f", "x")).withRawXattrs(rawXattrs(65_535, "user.", 0, 0)))
                .add("too-big-in-all", MaliciousAgent.listing(Item.file("f", "x"))
                        .withRawXattrs(rawXattrs(17, "user.", 65_536, 65_536)))
                .add("nfs4-acl", MaliciousAgent.listing(Item.file("f", "x"))
                        .withRawXattrs(rawXattrs(1, "system.nfs4_acl", 4, 4)))
                .add("older-agent", MaliciousAgent.listing(Item.file("f", "x")));
        List<String> evil = List.of("claims-2gib", "too-many", "too-big-in-all", "nfs4-acl");

        CollectReport report = collect(agents, MaliciousAgent.SNAPSHOT, RetentionPolicy.keepDays(8),
                "claims-2gib", "too-many", "too-big-in-all", "nfs4-acl", "older-agent");

        for (NodeResult result : report.nodes().subList(0, evil.size())) {
            assertThat(result.status()).as(result.node() + ": " + result.message()).isEqualTo(NodeResult.Status.FAILED);
            assertThat(result.message()).as("names the node").startsWith(result.node() + ": ");
            try (Stream<Path> left = Files.list(tmp.resolve("dest").resolve(result.node()))) {
                assertThat(left.map(p -> p.getFileName().toString())).as(result.node()).containsOnly(".kaizen");
            }
        }
        assertThat(report.nodes().get(0).message()).as("refused before a 2 GiB array is asked for, which no JVM gives")
                .contains("f: extended attribute user.x00000 of 2147483647 bytes (limit 65536)");
        assertThat(report.nodes().get(1).message()).contains("f: 65535 extended attributes (limit 1024)");
        assertThat(report.nodes().get(2).message()).contains("f: extended attributes of more than 1048576 bytes");
        assertThat(report.nodes().get(3).message()).contains("extended attribute name 'system.nfs4_acl00000' refused");
        NodeResult older = report.nodes().get(4);
        assertThat(older.collected()).as(older.message()).contains(MaliciousAgent.SNAPSHOT);
        assertThat(older.warnings()).as("said once for the node").containsExactly("the node's agent does not carry "
                + "ACLs and extended attributes (an older kaizen): the copy of " + MaliciousAgent.SNAPSHOT + " holds none");
    }

    private List<String> collectedDates(String node) {
        return SnapshotStore.at(tmp.resolve("dest").resolve(node)).snapshots().stream().map(s -> s.name().toString()).toList();
    }

    @Test
    void aNodeThatRewritesACollectedSnapshotIsRefusedAndTheCollectedCopyKept() throws Exception {
        Path src = tmp.resolve("src");
        TreeBuilder.at(src).file("etc/app.conf", "before the compromise");
        Path store = makeNode("a");
        snapshot(src, store, "2026-11-20", "a");
        LoopbackAgents agents = new LoopbackAgents().add("a", serving(store, "2026-11-20"));
        assertThat(collect(agents, "2026-11-20", RetentionPolicy.keepDays(30), "a").exitCode()).isZero();
        snapshot(src, store, "2026-11-24", "a");
        agents.add("a", serving(store, "2026-11-24"));
        assertThat(collect(agents, "2026-11-24", RetentionPolicy.keepDays(30), "a").exitCode()).isZero();
        Path copy = tmp.resolve("dest/a/2026-11-20");
        byte[] manifestBefore = Files.readAllBytes(copy.resolve(".kaizen/manifest.json"));
        Path conf = copy.resolve(src.toString().substring(1)).resolve("etc/app.conf");

        // the attacker drops 2026-11-24 and shows 2026-11-20 again with other content
        Path rewritten = makeNode("a-rewritten");
        Files.writeString(src.resolve("etc/app.conf"), "after the compromise");
        snapshot(src, rewritten, "2026-11-20", "a");
        agents.add("a", serving(rewritten, "2026-11-25"));
        CollectReport report = collect(agents, "2026-11-25", RetentionPolicy.keepDays(30), "a");

        NodeResult a = report.nodes().get(0);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(a.status()).isEqualTo(NodeResult.Status.FAILED);
        assertThat(a.message()).isEqualTo("node a rewrote snapshot 2026-11-20: refused, kept the collected copy");
        assertThat(collectedDates("a")).containsExactly("2026-11-20", "2026-11-24");
        assertThat(Files.readAllBytes(copy.resolve(".kaizen/manifest.json"))).isEqualTo(manifestBefore);
        assertThat(Files.readString(conf)).isEqualTo("before the compromise");
    }

    @Test
    void aNodesOwnRetentionNeverTouchesTheCollectedCopies() throws Exception {
        Path src = tmp.resolve("src");
        TreeBuilder.at(src).file("f", "x");
        Path store = makeNode("a");
        LoopbackAgents agents = new LoopbackAgents();
        for (String day : List.of("2026-11-20", "2026-11-21", "2026-11-22")) {
            snapshot(src, store, day, "a");
            agents.add("a", serving(store, day));
            assertThat(collect(agents, day, RetentionPolicy.keepDays(30), "a").exitCode()).isZero();
        }
        SnapshotStore nodeStore = SnapshotStore.at(store);
        for (Snapshot old : nodeStore.snapshots().subList(0, 2)) {
            nodeStore.delete(old);
        }
        snapshot(src, store, "2026-11-23", "a");
        agents.add("a", serving(store, "2026-11-23"));
        CollectReport report = collect(agents, "2026-11-23", RetentionPolicy.keepDays(30), "a");

        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(collectedDates("a")).containsExactly("2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23");
    }

    @Test
    void aFutureDatedSnapshotIsRefusedNamedAndTheNewestRealOneCollected() throws Exception {
        Path src = tmp.resolve("src");
        TreeBuilder.at(src).file("f", "x");
        Path store = makeNode("a");
        snapshot(src, store, "2026-11-24", "a");
        snapshot(src, store, "2999-01-01", "a");
        snapshot(src, store, "2026-11-25", "a", RunStatus.WARNINGS); // the node's own run warns of the 2999 one
        LoopbackAgents agents = new LoopbackAgents().add("a", serving(store, "2026-11-24"));

        CollectReport report = collect(agents, "2026-11-24", RetentionPolicy.keepDays(30), "a");

        NodeResult a = report.nodes().get(0);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(a.status()).isEqualTo(NodeResult.Status.FAILED);
        assertThat(a.message()).startsWith("a: refused snapshot 2999-01-01: dated later than the collector's date + 1 day"
                + " (2026-11-25), never collected; collected 2026-11-25");
        assertThat(collectedDates("a")).containsExactly("2026-11-25");
        assertThat(tmp.resolve("dest/a/2999-01-01")).doesNotExist();
    }

    @Test
    @Timeout(120)
    void emptyDataFramesAreRefusedAndATricklingNodeIsCutByTheMinimumRateOrTheDeadline() {
        LoopbackAgents agents = new LoopbackAgents().add("empty-frames", MaliciousAgent.emptyFrames())
                .add("trickle", MaliciousAgent.trickling());

        long start = System.nanoTime();
        CollectReport byRate = collect(agents, "2026-11-24", RetentionPolicy.keepDays(8),
                new NodeLimits(Duration.ofHours(1), 1024, 0), "empty-frames", "trickle");
        long rateSeconds = (System.nanoTime() - start) / 1_000_000_000L;
        start = System.nanoTime();
        CollectReport byDeadline = collect(agents, "2026-11-24", RetentionPolicy.keepDays(8),
                new NodeLimits(Duration.ofSeconds(3), 0, 0), "trickle");
        long deadlineSeconds = (System.nanoTime() - start) / 1_000_000_000L;

        NodeResult empty = byRate.nodes().get(0);
        assertThat(empty.status()).isEqualTo(NodeResult.Status.FAILED);
        assertThat(empty.message()).isEqualTo("empty-frames: list: an empty data frame");
        NodeResult slow = byRate.nodes().get(1);
        assertThat(slow.failure()).contains("timed out");
        assertThat(slow.message()).isEqualTo("trickle: less than 1024 bytes/s on average (min-rate); connection cut");
        NodeResult late = byDeadline.nodes().get(0);
        assertThat(late.failure()).contains("timed out");
        assertThat(late.message()).isEqualTo("trickle: still pulling after 3s (deadline); connection cut");
        assertThat(rateSeconds).as("cut once older than the 6 s timeout").isBetween(5L, 40L);
        assertThat(deadlineSeconds).as("cut at the 3 s deadline, before the 6 s timeout").isBetween(2L, 5L);
    }

    @Test
    void aSnapshotLargerThanTheNodesQuotaIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path src = tmp.resolve("src");
        TreeBuilder.at(src).file("big", "x".repeat(10_000));
        Path store = makeNode("a");
        snapshot(src, store, "2026-11-24", "a");
        LoopbackAgents agents = new LoopbackAgents().add("a", serving(store, "2026-11-24"));

        CollectReport report = collect(agents, "2026-11-24", RetentionPolicy.keepDays(8),
                new NodeLimits(NodeLimits.DEFAULT_DEADLINE, NodeLimits.DEFAULT_MIN_RATE, 4096), "a");

        NodeResult a = report.nodes().get(0);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(a.failure()).contains("over quota");
        assertThat(a.message()).isEqualTo("a: snapshot 2026-11-24 holds more than the node's quota of 4096 bytes;"
                + " nothing collected");
        try (Stream<Path> left = Files.list(tmp.resolve("dest/a"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsOnly(".kaizen");
        }
    }

    private static void mknod(Path path, String type, int major, int minor, String mode) {
        Commands.run("mknod", "-m", mode, path.toString(), type, Integer.toString(major), Integer.toString(minor));
    }

    private static long device(Path path) throws IOException {
        return FileStat.deviceNumber(Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void devicesAndSetIdBitsAreRecordedInsteadOfMadeLiveAndRestoreRecreatesThem() throws Exception {
        Path src = tmp.resolve("src");
        TreeBuilder.at(src).file("usr/bin/helper", "#!/bin/sh\n").file("usr/bin/group-helper", "g").dir("dev")
                .mode("usr/bin/helper", 04755).mode("usr/bin/group-helper", 02711);
        mknod(src.resolve("dev/mem"), "c", 1, 1, "0666");
        mknod(src.resolve("dev/sda"), "b", 8, 0, "0660");
        Commands.run("chown", "1000:6", src.resolve("dev/sda").toString());
        // rsync skips setting a device's mtime that equals its own creation time to the second: made in the same
        // second as the snapshot, the node's copy would keep its creation time (a property of rsync, not of this test)
        Commands.run("touch", "-h", "-d", "2026-11-20 10:00:00.123456789", src.resolve("dev/mem").toString(),
                src.resolve("dev/sda").toString());
        Path store = makeNode("a");
        snapshot(src, store, "2026-11-23", "a");
        LoopbackAgents agents = new LoopbackAgents().add("a", serving(store, "2026-11-23"));
        assertThat(collect(agents, "2026-11-23", RetentionPolicy.keepDays(8), "a").exitCode()).isZero();
        snapshot(src, store, "2026-11-24", "a");
        agents.add("a", serving(store, "2026-11-24"));

        CollectReport report = collect(agents, "2026-11-24", RetentionPolicy.keepDays(8), "a");

        assertThat(report.exitCode()).as(report.toString()).isZero();
        Snapshot copy = SnapshotStore.at(tmp.resolve("dest/a")).find(SnapshotName.parse("2026-11-24")).orElseThrow();
        Path inCopy = copy.dir().resolve(src.toString().substring(1));
        assertThat(inCopy.resolve("dev/mem")).as("no device node in the store").doesNotExist();
        assertThat(inCopy.resolve("dev/sda")).doesNotExist();
        assertThat(FileStat.of(inCopy.resolve("usr/bin/helper")).mode()).as("no set-id bit in the store").isEqualTo(0755);
        assertThat(FileStat.of(inCopy.resolve("usr/bin/group-helper")).mode()).isEqualTo(0711);
        Path previous = tmp.resolve("dest/a/2026-11-23").resolve(src.toString().substring(1)).resolve("usr/bin/helper");
        assertThat(Files.isSameFile(previous, inCopy.resolve("usr/bin/helper"))).as("linked to the previous copy").isTrue();
        String prefix = src.toString().substring(1);
        assertThat(Files.readAllLines(copy.dir().resolve(".kaizen/specials"))).containsExactly(
                "c 0666 0 0 1 1 " + mtime(src.resolve("dev/mem")) + " " + prefix + "/dev/mem",
                "b 0660 1000 6 8 0 " + mtime(src.resolve("dev/sda")) + " " + prefix + "/dev/sda",
                "f 2711 0 0 0 0 " + mtime(src.resolve("usr/bin/group-helper")) + " " + prefix + "/usr/bin/group-helper",
                "f 4755 0 0 0 0 " + mtime(src.resolve("usr/bin/helper")) + " " + prefix + "/usr/bin/helper");
        assertThat(Verifier.verify(copy).ok()).isTrue();

        Path target = tmp.resolve("restored");
        Restorer.restore(new RestoreRequest(tmp.resolve("dest/a"), "2026-11-24", src, target, false, false),
                Clock.systemUTC());

        Path restored = target.resolve(prefix);
        assertThat(TreeListing.of(restored, Set.of()).differences(TreeListing.of(src, Set.of())))
                .as("types, modes, owners and mtimes as on the node").isEmpty();
        assertThat(FileStat.of(restored.resolve("dev/mem")).type()).isEqualTo(FileStat.Type.CHARACTER_DEVICE);
        assertThat(device(restored.resolve("dev/mem"))).isEqualTo(device(src.resolve("dev/mem")));
        assertThat(FileStat.of(restored.resolve("dev/sda")).type()).isEqualTo(FileStat.Type.BLOCK_DEVICE);
        assertThat(device(restored.resolve("dev/sda"))).isEqualTo(device(src.resolve("dev/sda")));
        assertThat(FileStat.of(restored.resolve("usr/bin/helper")).mode()).isEqualTo(04755);
    }

    private static String mtime(Path path) throws IOException {
        long nanos = FileStat.of(path).mtimeNanos();
        return String.format("%d.%09d", Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    @Test
    void theStoreAndNodeDirectoriesBecome0700AndPreservedDevicesOnAMountWithoutNodevNosuidWarn() throws Exception {
        Path src = tmp.resolve("src");
        TreeBuilder.at(src).file("f", "x");
        Path store = makeNode("a");
        snapshot(src, store, "2026-11-24", "a");
        LoopbackAgents agents = new LoopbackAgents().add("a", serving(store, "2026-11-24"));
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Path safe = Files.createDirectories(tmp.resolve("safe"));
        Commands.run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", plain.toString());
        try {
            Commands.run("mount", "-t", "tmpfs", "-o", "size=16m,nodev,nosuid", "tmpfs", safe.toString());
            try {
                Path dest = Files.createDirectories(plain.resolve("dest/a"), PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwxr-xr-x"))).getParent();
                Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rwxr-xr-x"));

                CollectReport onPlain = collect(dest, agents, "2026-11-24", RetentionPolicy.keepDays(8),
                        NodeLimits.DEFAULTS, true, "a");
                CollectReport onSafe = collect(safe.resolve("dest"), agents, "2026-11-24", RetentionPolicy.keepDays(8),
                        NodeLimits.DEFAULTS, true, "a");

                assertThat(FileStat.of(dest).mode()).isEqualTo(0700);
                assertThat(FileStat.of(dest.resolve("a")).mode()).isEqualTo(0700);
                assertThat(onPlain.exitCode()).isEqualTo(3);
                assertThat(onPlain.warnings()).containsExactly(dest + " is on " + plain + ", mounted without nodev,nosuid:"
                        + " the device nodes and set-id files preserve-devices keeps are live there; mount it nodev,nosuid");
                assertThat(onSafe.exitCode()).as(onSafe.toString()).isZero();
                assertThat(onSafe.warnings()).isEmpty();
            } finally {
                Commands.run("umount", safe.toString());
            }
        } finally {
            Commands.run("umount", plain.toString());
        }
    }
}
