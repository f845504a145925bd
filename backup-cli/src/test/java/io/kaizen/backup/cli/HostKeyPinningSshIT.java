package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.testing.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host keys pinned by node name ({@code kaizen-node:NAME}), through real OpenSSH: two sshd nodes on 127.0.0.1,
 * each with its own throwaway host key and the production forced command, collected in-process. A key is
 * accepted only for the node it is pinned for, whatever address the inventory gives; a known_hosts file of an
 * earlier release (address pins only) keeps working and is re-pinned by name once, with a warning.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostKeyPinningSshIT {
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 10);

    @TempDir
    static Path tmp;

    private SshNodes nodes;
    private SshNodes.Node a;
    private SshNodes.Node b;
    private int runs;

    @BeforeAll
    void startNodes() throws Exception {
        nodes = new SshNodes(tmp.resolve("ssh"));
        a = nodes.start("a");
        b = nodes.start("b");
        for (SshNodes.Node node : List.of(a, b)) {
            Path src = tmp.resolve("src-" + node.name());
            TreeBuilder.at(src).file("etc/who", "I am " + node.name());
            SshNodes.snapshot(src, node.store(), TODAY, node.name());
        }
    }

    @AfterAll
    void stopNodes() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
    }

    /** An inventory listing each node at the port of the node given with it: {@code name, reachedAt, ...}. */
    private Path inventory(Object... nameAndNode) throws IOException {
        List<String> text = new ArrayList<>(List.of("user: " + SshNodes.USER, "nodes:"));
        for (int i = 0; i < nameAndNode.length; i += 2) {
            SshNodes.Node at = (SshNodes.Node) nameAndNode[i + 1];
            text.add("  - {name: " + nameAndNode[i] + ", host: 127.0.0.1, port: " + at.port() + ", store: " + at.store() + "}");
        }
        return Files.write(tmp.resolve("inventory-" + ++runs + ".yaml"), text);
    }

    private Path knownHosts(String... lines) throws IOException {
        return Files.write(tmp.resolve("known_hosts-" + ++runs), List.of(lines));
    }

    private KaizenProcess.Result collect(Path inventory, Path dest, Path known, String... extra) {
        List<String> args = new ArrayList<>(List.of("collect", "--inventory", inventory.toString(), "--dest",
                dest.toString(), "--identity", nodes.userKey().toString(), "--known-hosts", known.toString(),
                "--connect-timeout", "30s"));
        args.addAll(List.of(extra));
        return InProcess.run(InProcess.at(TODAY), args.toArray(String[]::new));
    }

    private static String address(SshNodes.Node node) {
        return "[127.0.0.1]:" + node.port();
    }

    private static Path who(Path dest, String node) {
        return dest.resolve(node).resolve(TODAY.toString()).resolve(tmp.resolve("src-" + node).toString().substring(1))
                .resolve("etc/who");
    }

    @Test
    void twoNodesAtOneAddressAreEachAcceptedOnlyWithTheKeyPinnedForThem() throws Exception {
        Path known = knownHosts("kaizen-node:a " + a.hostKey(), "kaizen-node:b " + b.hostKey());
        String pins = Files.readString(known);

        Path dest = tmp.resolve("dest-shared-a");
        KaizenProcess.Result atA = collect(inventory("a", a, "b", a), dest, known);
        assertThat(atA.exitCode()).as(atA.toString()).isEqualTo(1);
        assertThat(atA.stderr()).contains("kaizen collect: b: FAILED (host key changed): ", "HOST KEY CHANGED for node b: ")
                .doesNotContain("a: FAILED");
        assertThat(who(dest, "a")).hasContent("I am a");
        assertThat(dest.resolve("b").resolve(TODAY.toString())).doesNotExist();

        Path other = tmp.resolve("dest-shared-b");
        KaizenProcess.Result atB = collect(inventory("a", b, "b", b), other, known);
        assertThat(atB.exitCode()).as(atB.toString()).isEqualTo(1);
        assertThat(atB.stderr()).contains("kaizen collect: a: FAILED (host key changed): ", "HOST KEY CHANGED for node a: ")
                .doesNotContain("b: FAILED");
        assertThat(who(other, "b")).hasContent("I am b");
        assertThat(other.resolve("a").resolve(TODAY.toString())).doesNotExist();
        assertThat(Files.readString(known)).as("refusals change no pin").isEqualTo(pins);
    }

    @Test
    void anAddressPinOfAnEarlierReleaseIsAcceptedOnceRepinnedByNameAndTheNameWins() throws Exception {
        Path known = knownHosts("# pinned by an earlier release", address(a) + " " + a.hostKey() + " kaizen-enroll-a");
        Files.setPosixFilePermissions(known, PosixFilePermissions.fromString("rw-r-----"));
        Path inventory = inventory("a", a);
        Path dest = tmp.resolve("dest-migrated");

        KaizenProcess.Result first = collect(inventory, dest, known);
        assertThat(first.exitCode()).as("collected, with a warning: " + first).isEqualTo(3);
        assertThat(first.stderr()).contains("kaizen collect: warning: a: the host key of node a (ssh-ed25519 SHA256:",
                "was pinned only under its address " + address(a) + " in " + known + "; accepted, and pinned under kaizen-node:a");
        assertThat(who(dest, "a")).hasContent("I am a");
        assertThat(Files.readAllLines(known)).containsExactly("# pinned by an earlier release",
                address(a) + " " + a.hostKey() + " kaizen-enroll-a",
                "kaizen-node:a " + a.hostKey() + " re-pinned-from-" + address(a));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(known))).isEqualTo("rw-r-----");
        assertThat(SshNodes.capture("ssh-keygen", "-F", "kaizen-node:a", "-f", known.toString()).exitCode())
                .as("OpenSSH finds the name pin").isZero();

        String pinned = Files.readString(known);
        KaizenProcess.Result second = collect(inventory, tmp.resolve("dest-migrated-2"), known);
        assertThat(second.exitCode()).as("no warning the second time: " + second).isZero();
        assertThat(second.stderr()).doesNotContain("pinned only under its address");
        assertThat(Files.readString(known)).isEqualTo(pinned);

        Path disagree = knownHosts("kaizen-node:a " + b.hostKey(), address(a) + " " + a.hostKey());
        KaizenProcess.Result wins = collect(inventory, tmp.resolve("dest-disagree"), disagree);
        assertThat(wins.exitCode()).as(wins.toString()).isEqualTo(1);
        assertThat(wins.stderr()).contains("kaizen collect: a: FAILED (host key changed): ",
                "HOST KEY CHANGED for node a: ", "does not match the key pinned for it in " + disagree);
        assertThat(tmp.resolve("dest-disagree").resolve("a").resolve(TODAY.toString())).doesNotExist();
    }

    @Test
    void aNodeGivenAnotherNodesAddressIsRefused() throws Exception {
        Path pinnedBoth = knownHosts(address(a) + " " + a.hostKey(), "kaizen-node:a " + a.hostKey(),
                "kaizen-node:b " + b.hostKey());
        Path dest = tmp.resolve("dest-forged");
        KaizenProcess.Result forged = collect(inventory("b", a), dest, pinnedBoth);
        assertThat(forged.exitCode()).as(forged.toString()).isEqualTo(1);
        assertThat(forged.stderr()).contains("kaizen collect: b: FAILED (host key changed): ", "HOST KEY CHANGED for node b: ");
        assertThat(dest.resolve("b").resolve(TODAY.toString())).doesNotExist();

        Path newNode = knownHosts(address(a) + " " + a.hostKey(), "kaizen-node:a " + a.hostKey());
        String before = Files.readString(newNode);
        for (String[] extra : List.of(new String[0], new String[] {"--accept-new"})) {
            KaizenProcess.Result claimed = collect(inventory("b", a), dest, newNode, extra);
            assertThat(claimed.exitCode()).as(claimed.toString()).isEqualTo(1);
            assertThat(claimed.stderr()).contains("kaizen collect: b: FAILED (host key of another node): ",
                    "node b offers the host key of another node: ", "is pinned for node a in " + newNode);
            assertThat(Files.readString(newNode)).as("nothing pinned for b").isEqualTo(before);
            assertThat(dest.resolve("b").resolve(TODAY.toString())).doesNotExist();
        }

        Path legacy = knownHosts(address(a) + " " + a.hostKey());
        String legacyPins = Files.readString(legacy);
        KaizenProcess.Result shared = collect(inventory("a", a, "b", a), tmp.resolve("dest-shared-legacy"), legacy);
        assertThat(shared.exitCode()).as(shared.toString()).isEqualTo(1);
        assertThat(shared.stderr()).as("an address pin cannot tell two nodes at that address apart: neither gets it")
                .contains("kaizen collect: a: FAILED (host key unknown): ", "kaizen collect: b: FAILED (host key unknown): ",
                        "the key pinned for its address " + address(a) + " is not accepted, as another node has that address too");
        assertThat(Files.readString(legacy)).isEqualTo(legacyPins);
    }
}
