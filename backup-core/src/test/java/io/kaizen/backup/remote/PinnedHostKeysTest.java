package io.kaizen.backup.remote;

import static io.kaizen.backup.remote.KnownHostsTest.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.remote.PinnedHostKeys.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host-key decision for one connection: a node is checked under its name; its address pin (earlier releases)
 * counts only while nothing is pinned under its name, and never for a key pinned for another node.
 */
class PinnedHostKeysTest {
    static final SshTarget A = new SshTarget("10.0.0.11", 2222, "kb").pinnedAs(SshTarget.nodeAlias("a"));
    static final SshTarget B = new SshTarget("10.0.0.11", 2222, "kb").pinnedAs(SshTarget.nodeAlias("b"));
    static final SshTarget DEVICE = new SshTarget("10.0.0.11", 2222, "admin");

    @TempDir
    Path tmp;

    private KnownHosts known(String... lines) throws Exception {
        Path file = tmp.resolve("known_hosts");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return KnownHosts.read(file);
    }

    private static String line(String hosts, int key) {
        return hosts + " ssh-ed25519 " + key(key).base64();
    }

    @Test
    void aNodeIsCheckedUnderItsNameWhateverItsAddressSays() throws Exception {
        KnownHosts known = known(line("kaizen-node:a", 1), line("kaizen-node:b", 2), line("[10.0.0.11]:2222", 1));
        assertThat(PinnedHostKeys.check(known, A, key(1)).verdict()).isEqualTo(Verdict.MATCHED);
        assertThat(PinnedHostKeys.check(known, B, key(2)).verdict()).isEqualTo(Verdict.MATCHED);
        PinnedHostKeys.Check forged = PinnedHostKeys.check(known, B, key(1));
        assertThat(forged.verdict()).as("the address pin matches, but b's own pin wins").isEqualTo(Verdict.CHANGED);
        assertThat(forged.under()).isEqualTo("kaizen-node:b");
        assertThat(forged.pinned()).containsExactly(key(2));
        assertThat(PinnedHostKeys.check(known, A, key(3)).verdict()).isEqualTo(Verdict.CHANGED);
    }

    @Test
    void anAddressPinIsAcceptedForANodeWithNothingUnderItsNameUnlessAnotherNodeHoldsTheKey() throws Exception {
        KnownHosts legacy = known(line("[10.0.0.11]:2222", 1));
        PinnedHostKeys.Check migrated = PinnedHostKeys.check(legacy, A, key(1));
        assertThat(migrated.verdict()).isEqualTo(Verdict.MATCHED_BY_ADDRESS);
        assertThat(migrated.under()).isEqualTo("[10.0.0.11]:2222");
        PinnedHostKeys.Check changed = PinnedHostKeys.check(legacy, A, key(2));
        assertThat(changed.verdict()).isEqualTo(Verdict.CHANGED);
        assertThat(changed.under()).isEqualTo("[10.0.0.11]:2222");

        KnownHosts migratedA = known(line("[10.0.0.11]:2222", 1), line("kaizen-node:a", 1));
        PinnedHostKeys.Check claimed = PinnedHostKeys.check(migratedA, B, key(1));
        assertThat(claimed.verdict()).isEqualTo(Verdict.CLAIMED);
        assertThat(claimed.others()).containsExactly("kaizen-node:a");
        assertThat(PinnedHostKeys.check(known(line("kaizen-node:a,kaizen-node:c", 1)), B, key(1)).others())
                .containsExactly("kaizen-node:a", "kaizen-node:c");
    }

    @Test
    void unknownRevokedDevicesAndSharedAddresses() throws Exception {
        assertThat(PinnedHostKeys.check(known("# empty"), A, key(1)).verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(PinnedHostKeys.check(known(line("kaizen-node:a", 1), "@revoked " + line("*", 1)), A, key(1))
                .verdict()).isEqualTo(Verdict.REVOKED);
        assertThat(PinnedHostKeys.check(known(line("[10.0.0.11]:2222", 1)), DEVICE, key(1)).verdict())
                .isEqualTo(Verdict.MATCHED);
        assertThat(PinnedHostKeys.check(known(line("kaizen-node:a", 1)), DEVICE, key(2)).verdict())
                .as("a device is checked under its address, which pins nothing").isEqualTo(Verdict.UNKNOWN);
        assertThat(PinnedHostKeys.check(known(line("kaizen-node:a", 1)), DEVICE, key(1)).verdict())
                .as("nor is a node's key accepted on first use for anything else").isEqualTo(Verdict.CLAIMED);
        assertThat(PinnedHostKeys.check(known(line("[10.0.0.11]:2222", 1)), A.withoutAddressPin(), key(1)).verdict())
                .as("a node sharing its address with another accepts no address pin").isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void refusalsNameTheNode() throws Exception {
        KnownHosts known = known(line("kaizen-node:a", 1));
        PinnedHostKeys keys = new PinnedHostKeys(known, B, false);
        keys.check("[10.0.0.11]:2222", key(1).blob());
        assertThat(keys.refusal()).startsWith("node b offers the host key of another node: ssh-ed25519 SHA256:")
                .contains("is pinned for node a in " + known.file());
        PinnedHostKeys changed = new PinnedHostKeys(known, A, false);
        changed.check("[10.0.0.11]:2222", key(2).blob());
        assertThat(changed.refusal()).startsWith("HOST KEY CHANGED for node a: ")
                .contains("does not match the key pinned for it in " + known.file(), key(1).describe(), key(2).describe());
        KnownHosts legacy = known(line("[10.0.0.11]:2222", 1));
        PinnedHostKeys shared = new PinnedHostKeys(legacy, A.withoutAddressPin(), false);
        shared.check("[10.0.0.11]:2222", key(1).blob());
        assertThat(shared.refusal()).isEqualTo("node a has no pinned host key in " + legacy.file() + " (it offers "
                + key(1).describe() + "); the key pinned for its address [10.0.0.11]:2222 is not accepted, as another "
                + "node has that address too; refusing to connect");
    }
}
