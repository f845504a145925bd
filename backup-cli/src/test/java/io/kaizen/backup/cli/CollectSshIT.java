package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.fs.ExtendedAttributes;
import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.fs.MountOptions;
import io.kaizen.backup.testing.PrometheusFormat;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kaizen collect}, {@code enroll}, {@code status --inventory} and {@code serve} through real OpenSSH: real
 * sshd instances on 127.0.0.1 as nodes, a real unprivileged user whose authorized_keys holds the production
 * forced-command line, sudo with the production drop-in, and node stores made by the real snapshot job.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectSshIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 10);

    @TempDir
    static Path tmp;

    private SshNodes nodes;
    private SshNodes.Node n1;
    private SshNodes.Node n2;
    private Path knownHosts;

    @BeforeAll
    void startNodes() throws Exception {
        nodes = new SshNodes(tmp.resolve("ssh"));
        n1 = nodes.start("n1", "--allow-rsync");
        n2 = nodes.start("n2");
        knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, n1.knownHostsLine() + "\n" + n2.knownHostsLine() + "\n");
    }

    @AfterAll
    void stopNodes() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
    }


    private Path inventory(String name, String... lines) throws IOException {
        Path file = tmp.resolve(name);
        List<String> text = new ArrayList<>(List.of("user: " + SshNodes.USER, "nodes:"));
        text.addAll(List.of(lines));
        Files.write(file, text);
        return file;
    }

    private static String node(SshNodes.Node node) {
        return "  - {name: " + node.name() + ", host: 127.0.0.1, port: " + node.port() + ", store: " + node.store() + "}";
    }

    private KaizenProcess.Result collect(Path inventory, Path dest, Path known, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("collect", "--inventory", inventory.toString(), "--dest", dest.toString(),
                "--identity", nodes.userKey().toString(), "--known-hosts", known.toString()));
        if (!List.of(extra).contains("--connect-timeout")) {
            args.addAll(List.of("--connect-timeout", "30s"));
        }
        args.addAll(List.of(extra));
        return kaizen(args.toArray(String[]::new));
    }

    /** Runs kaizen in-process, at 02:30 UTC on {@link #TODAY}; the nodes' agents are real processes. */
    private static KaizenProcess.Result kaizen(String... args) {
        return InProcess.run(InProcess.at(TODAY), args);
    }

    private static Path inside(Path snapshot, Path source, String relative) {
        return snapshot.resolve(source.toString().substring(1)).resolve(relative);
    }

    @Test
    void collectsEveryNodeLinksUnchangedFilesAndPrunesPerNode() throws Exception {
        Path src1 = tmp.resolve("src1");
        TreeBuilder.at(src1).file("etc/nova/nova.conf", "[DEFAULT]\n").file("etc/keep", "same every day")
                .symlink("etc/link", "/etc/shadow").dir("var/empty")
                .file(new byte[] {'L', 'A', 'N', 'G', '=', 'C', (byte) 0xe9}, "latin-1 name".getBytes(StandardCharsets.UTF_8));
        Path src2 = tmp.resolve("src2");
        TreeBuilder.at(src2).file("data/db.sql", "dump");
        SshNodes.snapshot(src1, n1.store(), TODAY.minusDays(2), "n1");
        SshNodes.snapshot(src2, n2.store(), TODAY.minusDays(2), "n2");
        Path inv = inventory("nodes.yaml", node(n1), node(n2));
        Path dest = tmp.resolve("dest");

        KaizenProcess.Result first = collect(inv, dest, knownHosts);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Path copy1 = dest.resolve("n1").resolve(TODAY.minusDays(2).toString());
        Path original1 = n1.store().resolve(TODAY.minusDays(2).toString());
        assertThat(TreeListing.of(copy1, Set.of(".kaizen")).differences(TreeListing.of(original1, Set.of(".kaizen"))))
                .as("the copy is the node's snapshot as the node made it").isEmpty();
        for (String meta : List.of(".kaizen/manifest.json", ".kaizen/SHA256SUMS")) {
            assertThat(Files.readAllBytes(copy1.resolve(meta))).isEqualTo(Files.readAllBytes(original1.resolve(meta)));
        }
        assertThat(SshNodes.capture("sh", "-c", "cd '" + copy1 + "' && sha256sum -c --quiet .kaizen/SHA256SUMS").exitCode())
                .isZero();

        Files.writeString(src1.resolve("etc/nova/nova.conf"), "[DEFAULT]\ndebug = true\n");
        TreeBuilder.at(src1).mtime("etc/nova/nova.conf", InProcess.at(TODAY.minusDays(1)).instant());
        SshNodes.snapshot(src1, n1.store(), TODAY.minusDays(1), "n1");
        TreeBuilder.at(n2.store().resolve(TODAY.minusDays(1) + ".partial")).file("half", "a node mid-snapshot");
        KaizenProcess.Result second = collect(inv, dest, knownHosts, "--json");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        JsonNode report = JSON.readTree(second.stdout());
        assertThat(report.at("/nodes/0/action").asText()).isEqualTo("COLLECTED");
        assertThat(report.at("/nodes/1/action").asText()).as("n2 is mid-snapshot: its newest complete one is collected")
                .isEqualTo("UP_TO_DATE");
        Path copy2 = dest.resolve("n1").resolve(TODAY.minusDays(1).toString());
        assertThat(Files.isSameFile(inside(copy1, src1, "etc/keep"), inside(copy2, src1, "etc/keep")))
                .as("unchanged file hard-linked to the previous copy").isTrue();
        assertThat(Files.isSameFile(inside(copy1, src1, "etc/nova/nova.conf"), inside(copy2, src1, "etc/nova/nova.conf")))
                .isFalse();
        assertThat(inside(copy2, src1, "etc/nova/nova.conf")).hasContent("[DEFAULT]\ndebug = true");
        assertThat(Files.readSymbolicLink(inside(copy2, src1, "etc/link"))).isEqualTo(Path.of("/etc/shadow"));
        assertThat(dest.resolve("n2").resolve(TODAY.minusDays(1) + ".partial")).doesNotExist();

        SshNodes.snapshot(src1, n1.store(), TODAY, "n1");
        KaizenProcess.Result third = collect(inv, dest, knownHosts, "--keep-days", "2");
        assertThat(third.exitCode()).as(third.toString()).isZero();
        assertThat(third.stdout()).contains("n1: pruned " + TODAY.minusDays(2));
        assertThat(dest.resolve("n1").resolve(TODAY.minusDays(2).toString())).doesNotExist();
        assertThat(dest.resolve("n2").resolve(TODAY.minusDays(2).toString())).as("min-keep / newest kept").isDirectory();

        Path metrics = Files.createDirectories(tmp.resolve("textfile")).resolve("kaizen.prom");
        KaizenProcess.Result status = kaizen("status", "--dest", dest.toString(), "--inventory", inv.toString(),
                "--prometheus", metrics.toString());
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stdout()).contains("n1", TODAY.toString(), "n2");
        Map<String, Double> series = PrometheusFormat.parse(Files.readString(metrics));
        assertThat(series).containsEntry("kaizen_snapshots{node=\"n1\",store=\"" + dest.resolve("n1") + "\"}", 2.0)
                .containsEntry("kaizen_snapshots{node=\"n2\",store=\"" + dest.resolve("n2") + "\"}", 1.0)
                .containsEntry("kaizen_last_run_success{node=\"n2\",store=\"" + dest.resolve("n2") + "\"}", 1.0);

        KaizenProcess.Result drill = kaizen("drill", "--dest", dest.toString(), "--seed", "1", "--json");
        assertThat(drill.exitCode()).as("a drill across the collector's nodes\n" + drill).isZero();
        JsonNode drilled = JSON.readTree(drill.stdout());
        assertThat(drilled.at("/stores/0/node").asText()).isEqualTo("n1");
        assertThat(drilled.at("/stores/0/snapshot").asText()).isEqualTo(TODAY.toString());
        assertThat(drilled.at("/stores/1/node").asText()).isEqualTo("n2");
        assertThat(drilled.at("/stores/1/matched").asInt()).isEqualTo(drilled.at("/stores/1/listed").asInt())
                .isGreaterThan(0);
        Files.writeString(inside(dest.resolve("n2").resolve(TODAY.minusDays(2).toString()), src2, "data/db.sql"), "DUMP");
        KaizenProcess.Result corrupted = kaizen("drill", "--dest", dest.toString());
        assertThat(corrupted.exitCode()).as(corrupted.toString()).isEqualTo(1);
        assertThat(corrupted.stdout()).contains("n1 (" + dest.resolve("n1") + ") snapshot " + TODAY + ": ok");
        assertThat(corrupted.stderr()).contains("n2 (" + dest.resolve("n2") + ") snapshot " + TODAY.minusDays(2)
                + ": restored content differs from its sum: " + src2 + "/data/db.sql");
    }

    @Test
    void collectDryRunSaysWhatItWouldCollectAndPruneAndChangesNothing() throws Exception {
        SshNodes.Node n6 = nodes.start("n6");
        Path known = Files.writeString(tmp.resolve("known_hosts_n3"), n6.knownHostsLine() + "\n");
        Path src = tmp.resolve("src3");
        TreeBuilder.at(src).file("etc/hosts", "127.0.0.1 localhost\n");
        Path inv = inventory("nodes-n6.yaml", node(n6));
        Path dest = tmp.resolve("dest-n6");
        for (int d = 4; d >= 3; d--) {
            SshNodes.snapshot(src, n6.store(), TODAY.minusDays(d), "n6");
            KaizenProcess.Result real = collect(inv, dest, known);
            assertThat(real.exitCode()).as(real.toString()).isZero();
        }
        SshNodes.snapshot(src, n6.store(), TODAY.minusDays(1), "n6");
        TreeListing before = TreeListing.of(dest);

        KaizenProcess.Result dry = collect(inv, dest, known, "--dry-run", "--keep-days", "2", "--min-keep", "1");

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(TreeListing.of(dest).differences(before)).as("a dry run changes nothing, not even a lock").isEmpty();
        assertThat(dry.stdout()).contains("n6: would collect " + TODAY.minusDays(1) + "\n")
                .contains("n6: would prune " + TODAY.minusDays(4) + ": ")
                .doesNotContain("would prune " + TODAY.minusDays(3))
                .contains(": 1 ok, 0 failed or stale");
        KaizenProcess.Result json = collect(inv, dest, known, "--dry-run", "--json");
        assertThat(TreeListing.of(dest).differences(before)).isEmpty();
        JsonNode report = JSON.readTree(json.stdout());
        assertThat(report.at("/nodes/0/action").asText()).isEqualTo("WOULD_COLLECT");
        assertThat(report.at("/nodes/0/newestOnNode").asText()).isEqualTo(TODAY.minusDays(1).toString());
        assertThat(dest.resolve("n6").resolve(TODAY.minusDays(1).toString())).doesNotExist();
    }

    @Test
    void theBackupUserCanOnlyRunTheReadOnlyAgent() throws Exception {
        Path src = tmp.resolve("src-refusals");
        TreeBuilder.at(src).file("secret", "s").symlink("etc-link", "/etc");
        LocalDate day = TODAY.minusDays(10);
        SshNodes.snapshot(src, n1.store(), day, "n1");
        Path snapshot = n1.store().resolve(day.toString());
        String remote = SshNodes.USER + "@127.0.0.1";
        String ssh = nodes.sshCommand(n1, knownHosts);

        KaizenProcess.Result interactive = SshNodes.capture(nodes.ssh(n1, knownHosts, remote).toArray(String[]::new));
        assertThat(interactive.exitCode()).isNotZero();
        assertThat(interactive.stdout()).contains("interactive login refused");
        KaizenProcess.Result pty = SshNodes.capture(nodes.ssh(n1, knownHosts, "-tt", remote).toArray(String[]::new));
        assertThat(pty.exitCode()).isNotZero();
        assertThat(pty.stdout()).contains("PTY allocation request failed");

        KaizenProcess.Result ls = SshNodes.capture(nodes.ssh(n1, knownHosts, remote, "ls", "/").toArray(String[]::new));
        assertThat(ls.exitCode()).isNotZero();
        assertThat(ls.stdout()).contains("command refused").doesNotContain("etc\n");

        KaizenProcess.Result sudo = SshNodes.capture(nodes.ssh(n1, knownHosts, remote, "sudo", "-n", "id").toArray(String[]::new));
        assertThat(sudo.exitCode()).isNotZero();
        assertThat(sudo.stdout()).contains("command refused").doesNotContain("uid=0");

        KaizenProcess.Result forward = SshNodes.capture(nodes.ssh(n1, knownHosts, "-W", "127.0.0.1:" + n2.port(), remote)
                .toArray(String[]::new));
        assertThat(forward.exitCode()).isNotZero();
        assertThat(forward.stdout()).contains("administratively prohibited");

        KaizenProcess.Result directSudo = SshNodes.capture("runuser", "-u", SshNodes.USER, "--", "sudo", "-n", "/bin/sh", "-c", "id");
        assertThat(directSudo.exitCode()).as("sudoers allows nothing but the agent").isNotZero();

        Path into = tmp.resolve("rsync-out");
        KaizenProcess.Result write = SshNodes.capture("rsync", "-a", "-e", ssh, src.toString() + "/", remote + ":" + snapshot + "/");
        assertThat(write.exitCode()).isNotZero();
        assertThat(write.stdout()).contains("read-only");
        for (String[] refused : new String[][] {
                {"/etc/shadow", "outside the store"},
                {snapshot + "/../../../../../../etc/shadow", "'..'"},
                {n1.store() + "/", "outside the store"},
                {n1.store() + "/.kaizen/lock", "not inside a complete snapshot"},
                {snapshot.resolve(src.toString().substring(1)).resolve("etc-link") + "/shadow", "symlink"},
                {n1.store() + "/*/", "wildcard"}}) {
            KaizenProcess.Result read = SshNodes.capture("rsync", "-a", "-e", ssh, remote + ":" + refused[0], into.toString() + "/");
            assertThat(read.exitCode()).as(refused[0]).isNotZero();
            assertThat(read.stdout()).as(refused[0]).contains(refused[1]);
        }
        TreeBuilder.at(n1.store().resolve(TODAY.plusDays(1) + ".partial")).file("half", "x");
        KaizenProcess.Result partial = SshNodes.capture("rsync", "-a", "-e", ssh,
                remote + ":" + n1.store().resolve(TODAY.plusDays(1) + ".partial") + "/", into.toString() + "/");
        assertThat(partial.exitCode()).isNotZero();
        assertThat(partial.stdout()).contains("not inside a complete snapshot");
        KaizenProcess.Result changedOptions = SshNodes.capture("rsync", "-aL", "--remove-source-files", "-e", ssh,
                remote + ":" + snapshot + "/", into.toString() + "/");
        assertThat(changedOptions.exitCode()).isNotZero();
        assertThat(changedOptions.stdout()).contains("is not allowed");

        KaizenProcess.Result allowed = SshNodes.capture("rsync", "-aH", "--numeric-ids", "-e", ssh, remote + ":" + snapshot + "/",
                into.toString() + "/");
        assertThat(allowed.exitCode()).as("the rsync engine can read a snapshot through the same key: " + allowed).isZero();
        assertThat(inside(into, src, "secret")).hasContent("s");
        assertThat(Files.readAllBytes(n1.store().resolve(day.toString()).resolve(".kaizen/manifest.json"))).isNotEmpty();
    }

    @Test
    void unknownAndChangedHostKeysAreRefusedAndEnrollPins() throws Exception {
        SshNodes.Node n3 = nodes.start("n3");
        Path src = tmp.resolve("src3");
        TreeBuilder.at(src).file("f", "x");
        SshNodes.snapshot(src, n3.store(), TODAY, "n3");
        Path inv = inventory("n3.yaml", node(n3));
        Path known = tmp.resolve("known_hosts-n3");
        Path dest = tmp.resolve("dest-keys");

        KaizenProcess.Result unknown = collect(inv, dest, known);
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("n3: FAILED (host key unknown)", "kaizen enroll");
        assertThat(dest.resolve("n3").resolve(TODAY.toString())).doesNotExist();

        KaizenProcess.Result enroll = kaizen("enroll", "--inventory", inv.toString(), "--known-hosts", known.toString(),
                "--yes");
        assertThat(enroll.exitCode()).as(enroll.toString()).isZero();
        String fingerprint = SshNodes.capture("ssh-keygen", "-lf", n3.hostKeyPub().toString()).stdout().split("\\s+")[1];
        assertThat(enroll.stdout()).contains(fingerprint, "pinned");
        assertThat(SshNodes.capture("ssh-keygen", "-F", "kaizen-node:n3", "-f", known.toString()).exitCode())
                .as("pinned under the node's name").isZero();
        assertThat(SshNodes.capture("ssh-keygen", "-F", "[127.0.0.1]:" + n3.port(), "-f", known.toString()).exitCode())
                .as("not under its address").isNotZero();
        assertThat(collect(inv, dest, known).exitCode()).isZero();

        nodes.changeHostKey(n3);
        String newFingerprint = SshNodes.capture("ssh-keygen", "-lf", n3.hostKeyPub().toString()).stdout().split("\\s+")[1];
        KaizenProcess.Result changed = collect(inv, dest, known, "--accept-new");
        assertThat(changed.exitCode()).isEqualTo(1);
        assertThat(changed.stderr()).contains("HOST KEY CHANGED for node n3", fingerprint, newFingerprint);
        KaizenProcess.Result reenroll = kaizen("enroll", "--inventory", inv.toString(), "--known-hosts",
                known.toString(), "--yes");
        assertThat(reenroll.exitCode()).isEqualTo(1);
        assertThat(reenroll.stderr()).contains("HOST KEY CHANGED", fingerprint, newFingerprint, "not changed");

        Path tofu = tmp.resolve("known_hosts-tofu");
        KaizenProcess.Result acceptNew = collect(inv, tmp.resolve("dest-tofu"), tofu, "--accept-new");
        assertThat(acceptNew.exitCode()).as(acceptNew.toString()).isZero();
        assertThat(Files.readString(tofu)).startsWith("kaizen-node:n3 ssh-ed25519 ");
    }

    @Test
    void downAndHangingNodesFailTheRunAfterTheOthersWereCollected() throws Exception {
        Path src = tmp.resolve("src-down");
        TreeBuilder.at(src).file("f", "x");
        SshNodes.snapshot(src, n2.store(), TODAY.minusDays(5), "n2");
        int downPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            downPort = probe.getLocalPort();
        }
        try (ServerSocket hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(hanging.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Path inv = inventory("down.yaml", "  - {name: down, host: 127.0.0.1, port: " + downPort + "}",
                    "  - {name: hanging, host: 127.0.0.1, port: " + hanging.getLocalPort() + "}", node(n2));
            long start = System.nanoTime();
            KaizenProcess.Result result = collect(inv, tmp.resolve("dest-down"), knownHosts, "--connect-timeout", "10s",
                    "--parallel", "1");
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stderr()).contains("down: FAILED (unreachable)", "hanging: FAILED (timed out)");
            assertThat(result.stdout()).as(result.toString()).contains("n2: collected");
            assertThat(tmp.resolve("dest-down/n2")).isDirectory();
            assertThat(seconds).as("one hanging node costs one connect timeout").isLessThan(90);
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void aChanged256MiBFileIsPulledAsADeltaThroughSsh() throws Exception {
        SshNodes.Node n4 = nodes.start("n4");
        Files.writeString(knownHosts, n4.knownHostsLine() + "\n", java.nio.file.StandardOpenOption.APPEND);
        Path src = tmp.resolve("src-big");
        Files.createDirectories(src);
        Path big = src.resolve("disk.img");
        byte[] block = new byte[1 << 20];
        Random random = new Random(42);
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 256; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        SshNodes.snapshot(src, n4.store(), TODAY.minusDays(1), "n4");
        Path inv = inventory("n4.yaml", node(n4));
        Path dest = tmp.resolve("dest-big");
        assertThat(collect(inv, dest, knownHosts).exitCode()).isZero();

        long changed = 0;
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            byte[] patch = new byte[1000];
            for (int i = 0; i < 20; i++) {
                random.nextBytes(patch);
                file.seek((long) i * (13L << 20) + 12345);
                file.write(patch);
                changed += patch.length;
            }
        }
        TreeBuilder.at(src).mtime("disk.img", InProcess.at(TODAY).instant());
        SshNodes.snapshot(src, n4.store(), TODAY, "n4");
        KaizenProcess.Result second = collect(inv, dest, knownHosts, "--json");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        JsonNode stats = JSON.readTree(second.stdout()).at("/nodes/0/stats");
        long received = stats.get("bytesReceived").asLong();
        long literal = stats.get("deltaLiteralBytes").asLong();
        System.out.printf("CollectSshIT: 256 MiB file, %d bytes changed: %d literal bytes, %d bytes received, %d sent%n",
                changed, literal, received, stats.get("bytesSent").asLong());
        assertThat(stats.get("filesDelta").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(literal).as("literal data close to the changed bytes (blocks around 20 changes)").isLessThan(changed * 40);
        assertThat(received).as("bytes from the node").isLessThan(2_000_000);
        Path copy = dest.resolve("n4").resolve(TODAY.toString()).resolve(src.toString().substring(1)).resolve("disk.img");
        assertThat(Files.mismatch(copy, big)).isEqualTo(-1);

        long deltaFiles = Files.size(copy) + Files.size(dest.resolve("n4").resolve(TODAY.toString()).resolve("backup.info"));
        assertThat(stats.get("filesDelta").asLong()).as("disk.img and backup.info").isEqualTo(2);
        assertThat(literal + stats.get("deltaMatchedBytes").asLong()).as("every byte of a delta file is literal or matched")
                .isEqualTo(deltaFiles);
        assertThat(received).as("the literal bytes crossed the wire").isGreaterThan(literal);
        JsonNode lastRun = JSON.readTree(dest.resolve("n4").resolve(".kaizen/last-run.json").toFile());
        assertThat(lastRun.get("snapshot").asText()).isEqualTo(TODAY.toString());
        for (String field : List.of("bytesReceived", "bytesSent", "bytesFetched", "deltaLiteralBytes", "deltaMatchedBytes")) {
            assertThat(lastRun.at("/transfer/" + field).asLong()).as("last-run.json transfer." + field)
                    .isEqualTo(stats.get(field).asLong());
        }
    }

    @Test
    void fifosAndDevicesOfANodeSnapshotAreMadeAgainByARootCollectorThatPreservesDevices() throws Exception {
        SshNodes.Node n5 = nodes.start("n5");
        Files.writeString(knownHosts, n5.knownHostsLine() + "\n", java.nio.file.StandardOpenOption.APPEND);
        Path src = tmp.resolve("src-special");
        TreeBuilder.at(src).file("etc/conf", "x").dir("run").dir("dev").fifo("run/pipe");
        assertThat(SshNodes.capture("mknod", "-m", "0620", src.resolve("dev/null-too").toString(), "c", "1", "3")
                .exitCode()).isZero();
        assertThat(SshNodes.capture("touch", "-m", "-d", "@1767323045", src.resolve("run/pipe").toString()).exitCode())
                .isZero();
        SshNodes.snapshot(src, n5.store(), TODAY, "n5");
        Path original = n5.store().resolve(TODAY.toString());
        assertThat(FileStat.of(inside(original, src, "run/pipe")).type()).as("the node's snapshot holds the fifo")
                .isEqualTo(FileStat.Type.FIFO);

        Path dest = tmp.resolve("dest-special");
        KaizenProcess.Result result = collect(inventory("n5.yaml", node(n5)), dest, knownHosts, "--json",
                "--preserve-devices");
        boolean safeMount = MountOptions.of(dest).orElseThrow().has("nodev", "nosuid");
        assertThat(result.exitCode()).as("a warning unless the store is mounted nodev,nosuid: " + result)
                .isEqualTo(safeMount ? 0 : 3);
        assertThat(result.stderr().contains("mounted without")).isEqualTo(!safeMount);
        JsonNode stats = JSON.readTree(result.stdout()).at("/nodes/0/stats");
        assertThat(stats.get("specials").asLong()).as("fifo and device made").isEqualTo(2);
        assertThat(stats.get("skippedSpecial").asLong()).isZero();
        Path copy = dest.resolve("n5").resolve(TODAY.toString());
        assertThat(TreeListing.of(copy, Set.of(".kaizen")).differences(TreeListing.of(original, Set.of(".kaizen"))))
                .as("modes, owners and mtimes as the node made them").isEmpty();
        assertThat(FileStat.of(inside(copy, src, "run/pipe")).type()).isEqualTo(FileStat.Type.FIFO);
        Path device = inside(copy, src, "dev/null-too");
        assertThat(FileStat.of(device).type()).isEqualTo(FileStat.Type.CHARACTER_DEVICE);
        assertThat(FileStat.deviceNumber(Files.readAttributes(device, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)))
                .as("device 1,3").isEqualTo(FileStat.deviceNumber(Files.readAttributes(Path.of("/dev/null"),
                        PosixFileAttributes.class)));
    }

    @Test
    void aclsAndExtendedAttributesTravelWithTheCopyCapabilitiesRecordedAndRestoreBringsThemAllBack() throws Exception {
        SshNodes.Node n7 = nodes.start("n7");
        Files.writeString(knownHosts, n7.knownHostsLine() + "\n", java.nio.file.StandardOpenOption.APPEND);
        Path src = tmp.resolve("src-xattrs");
        TreeBuilder.at(src).file("etc/acl-file", "secret").file("etc/plain", "plain").dir("var/shared")
                .file("usr/bin/pinger", "#!/bin/sh\n").mode("etc/acl-file", 0664).mode("usr/bin/pinger", 0755);
        for (String[] command : List.of(
                new String[] {"setfacl", "-m", "u:1234:r", "etc/acl-file"},
                new String[] {"setfattr", "-n", "user.origin", "-v", "node-6", "etc/acl-file"},
                new String[] {"setfacl", "-d", "-m", "g:1234:rx", "var/shared"},
                new String[] {"setfattr", "-n", "user.dir", "-v", "yes", "var/shared"},
                new String[] {"setcap", "cap_net_raw+ep", "usr/bin/pinger"})) {
            List<String> argv = new ArrayList<>(List.of(command));
            argv.set(argv.size() - 1, src.resolve(argv.get(argv.size() - 1)).toString());
            assertThat(SshNodes.capture(argv.toArray(String[]::new)).exitCode()).as(String.join(" ", command)).isZero();
        }
        TreeBuilder.at(src).mtime("etc/acl-file", InProcess.at(TODAY.minusDays(2)).instant());
        SshNodes.snapshot(src, n7.store(), TODAY.minusDays(1), "n7");
        Path original = n7.store().resolve(TODAY.minusDays(1).toString());
        Path inv = inventory("n7.yaml", node(n7));
        Path dest = tmp.resolve("dest-xattrs");
        ExtendedAttributes xattrs = ExtendedAttributes.forThisProcess();
        List<String> paths = List.of("etc/acl-file", "etc/plain", "var/shared", "usr/bin/pinger");
        assertThat(xattrs.read(inside(original, src, "usr/bin/pinger")).values()).as("the node's snapshot has them")
                .containsKey("security.capability");

        KaizenProcess.Result first = collect(inv, dest, knownHosts);

        assertThat(first.exitCode()).as(first.toString()).isZero();
        Path copy = dest.resolve("n7").resolve(TODAY.minusDays(1).toString());
        for (String path : paths) {
            assertThat(xattrs.read(inside(copy, src, path))).as(path).isEqualTo(
                    xattrs.read(inside(original, src, path)).only(name -> !name.equals("security.capability")));
            assertThat(SshNodes.capture("getfacl", "--omit-header", inside(copy, src, path).toString()).stdout())
                    .as("getfacl " + path).isEqualTo(SshNodes.capture("getfacl", "--omit-header",
                            inside(original, src, path).toString()).stdout());
        }
        assertThat(SshNodes.capture("getfacl", "--omit-header", inside(copy, src, "var/shared").toString()).stdout())
                .contains("default:group:1234:r-x");
        assertThat(SshNodes.capture("getcap", inside(copy, src, "usr/bin/pinger").toString()).stdout())
                .as("the capability is not live in the collector's store").isBlank();
        String capability = "security.capability 0x" + java.util.HexFormat.of().formatHex(
                xattrs.read(src.resolve("usr/bin/pinger")).values().get("security.capability")) + " "
                + src.toString().substring(1) + "/usr/bin/pinger";
        assertThat(Files.readAllLines(copy.resolve(".kaizen/xattrs"))).containsExactly(capability);

        Path target = tmp.resolve("restored-xattrs");
        KaizenProcess.Result restore = kaizen("restore", "--dest", dest.resolve("n7").toString(), "--snapshot",
                TODAY.minusDays(1).toString(), "--path", src.toString(), "--to", target.toString(), "--force");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        Path restored = target.resolve(src.toString().substring(1));
        for (String path : paths) {
            assertThat(xattrs.read(restored.resolve(path))).as("restored " + path)
                    .isEqualTo(xattrs.read(src.resolve(path)));
        }
        assertThat(SshNodes.capture("getcap", restored.resolve("usr/bin/pinger").toString()).stdout())
                .contains("cap_net_raw=ep");

        assertThat(SshNodes.capture("setfacl", "-m", "u:1234:rw", src.resolve("etc/acl-file").toString()).exitCode())
                .isZero();
        SshNodes.snapshot(src, n7.store(), TODAY, "n7");
        KaizenProcess.Result second = collect(inv, dest, knownHosts);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        Path next = dest.resolve("n7").resolve(TODAY.toString());
        assertThat(Files.isSameFile(inside(copy, src, "etc/acl-file"), inside(next, src, "etc/acl-file")))
                .as("only its ACL changed: a new inode").isFalse();
        assertThat(SshNodes.capture("getfacl", "--omit-header", inside(next, src, "etc/acl-file").toString()).stdout())
                .contains("user:1234:rw-");
        for (String unchanged : List.of("etc/plain", "usr/bin/pinger")) {
            assertThat(Files.isSameFile(inside(copy, src, unchanged), inside(next, src, unchanged))).as(unchanged)
                    .isTrue();
        }
        assertThat(Files.readAllLines(next.resolve(".kaizen/xattrs"))).as("recorded in each copy").containsExactly(capability);
    }
}
