package io.kaizen.backup.remote;

import static io.kaizen.backup.remote.KnownHostsTest.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enrol decision: pin a confirmed new key, leave a pinned one, refuse a changed one and change nothing. */
class EnrolmentTest {
    static final SshTarget NEW = new SshTarget("10.0.0.11", 22, "kaizen-backup");
    static final SshTarget PINNED = new SshTarget("10.0.0.12", 22, "kaizen-backup");
    static final SshTarget CHANGED = new SshTarget("10.0.0.13", 2222, "kaizen-backup");
    /** A node pinned by an earlier release under its address only. */
    static final SshTarget LEGACY = new SshTarget("10.0.0.12", 22, "kaizen-backup").pinnedAs(SshTarget.nodeAlias("db-1"));
    /** A node that offers the key pinned for db-1. */
    static final SshTarget CLAIMING = new SshTarget("10.0.0.14", 22, "kaizen-backup").pinnedAs(SshTarget.nodeAlias("web-1"));
    static final SshTarget REVOKED = new SshTarget("10.0.0.15", 22, "kaizen-backup");

    @TempDir
    Path tmp;

    private final Map<SshTarget, HostKey> offers = Map.of(NEW, key(1), PINNED, key(2), CHANGED, key(3), LEGACY, key(2),
            CLAIMING, key(2), REVOKED, key(4));
    private final List<HostKey> asked = new ArrayList<>();

    private Enrolment enrolment(Path known) {
        return new Enrolment(target -> {
            HostKey offered = offers.get(target);
            if (offered == null) {
                throw new RemoteException(RemoteException.Kind.UNREACHABLE, target + ": unreachable");
            }
            return offered;
        }, known);
    }

    private Path knownHosts() throws Exception {
        return Files.writeString(tmp.resolve("known_hosts"), "10.0.0.12 ssh-ed25519 " + key(2).base64() + "\n"
                + "[10.0.0.13]:2222 ssh-ed25519 " + key(9).base64() + "\n"
                + "@revoked * ssh-ed25519 " + key(4).base64() + "\n");
    }

    @Test
    void aConfirmedNewKeyIsPinnedUnderTheTargetsAlias() throws Exception {
        Path known = knownHosts();
        Enrolment.Result result = enrolment(known).enrol(NEW, "kaizen-enroll compute-1", key -> asked.add(key));
        assertThat(result.outcome()).isEqualTo(Enrolment.Outcome.PINNED);
        assertThat(result.alias()).isEqualTo("10.0.0.11");
        assertThat(result.offered()).isEqualTo(key(1));
        assertThat(result.pinned()).isEmpty();
        assertThat(result.knownHosts()).isEqualTo(known);
        assertThat(asked).containsExactly(key(1));
        assertThat(KnownHosts.read(known).keysFor("10.0.0.11")).containsExactly(key(1));
        assertThat(Files.readString(known)).contains("10.0.0.11 ssh-ed25519 " + key(1).base64() + " kaizen-enroll-compute-1\n");
    }

    @Test
    void anUnconfirmedNewKeyIsNotPinned() throws Exception {
        Path known = knownHosts();
        String before = Files.readString(known);
        Enrolment.Result result = enrolment(known).enrol(NEW, "c", key -> false);
        assertThat(result.outcome()).isEqualTo(Enrolment.Outcome.NOT_CONFIRMED);
        assertThat(Files.readString(known)).isEqualTo(before);
    }

    @Test
    void aKeyPinnedAlreadyIsLeftAloneWithoutAsking() throws Exception {
        Path known = knownHosts();
        String before = Files.readString(known);
        Enrolment.Result result = enrolment(known).enrol(PINNED, "c", key -> asked.add(key));
        assertThat(result.outcome()).isEqualTo(Enrolment.Outcome.ALREADY_PINNED);
        assertThat(result.pinned()).containsExactly(key(2));
        assertThat(asked).isEmpty();
        assertThat(Files.readString(known)).isEqualTo(before);
    }

    @Test
    void aChangedKeyIsRefusedWithBothKeysAndNeverRepinned() throws Exception {
        Path known = knownHosts();
        String before = Files.readString(known);
        Enrolment.Result result = enrolment(known).enrol(CHANGED, "c", key -> asked.add(key));
        assertThat(result.outcome()).isEqualTo(Enrolment.Outcome.REFUSED_CHANGED);
        assertThat(result.alias()).isEqualTo("[10.0.0.13]:2222");
        assertThat(result.offered()).isEqualTo(key(3));
        assertThat(result.pinned()).containsExactly(key(9));
        assertThat(asked).as("a changed key is never offered for confirmation").isEmpty();
        assertThat(Files.readString(known)).isEqualTo(before);
    }

    @Test
    void aNodesKeyPinnedUnderItsAddressOnlyIsPinnedUnderItsNameWithoutAsking() throws Exception {
        Path known = knownHosts();
        Enrolment.Result result = enrolment(known).enrol(LEGACY, "kaizen-enroll db-1", key -> asked.add(key));
        assertThat(result.outcome()).isEqualTo(Enrolment.Outcome.REPINNED);
        assertThat(result.alias()).isEqualTo("kaizen-node:db-1");
        assertThat(asked).isEmpty();
        assertThat(Files.readString(known)).contains("10.0.0.12 ssh-ed25519 " + key(2).base64() + "\n")
                .endsWith("kaizen-node:db-1 ssh-ed25519 " + key(2).base64() + " kaizen-enroll-db-1\n");
        assertThat(enrolment(known).enrol(LEGACY, "c", key -> asked.add(key)).outcome())
                .isEqualTo(Enrolment.Outcome.ALREADY_PINNED);
    }

    @Test
    void aKeyPinnedForAnotherNodeOrRevokedIsRefusedWithoutAsking() throws Exception {
        Path known = knownHosts();
        enrolment(known).enrol(LEGACY, "c", key -> true);
        String before = Files.readString(known);
        Enrolment.Result claimed = enrolment(known).enrol(CLAIMING, "c", key -> asked.add(key));
        assertThat(claimed.outcome()).isEqualTo(Enrolment.Outcome.REFUSED_CLAIMED);
        assertThat(claimed.claimedBy()).containsExactly("kaizen-node:db-1");
        assertThat(enrolment(known).enrol(REVOKED, "c", key -> asked.add(key)).outcome())
                .isEqualTo(Enrolment.Outcome.REFUSED_REVOKED);
        assertThat(asked).isEmpty();
        assertThat(Files.readString(known)).isEqualTo(before);
    }

    @Test
    void anUnreachableTargetIsARemoteExceptionAndChangesNothing() throws Exception {
        Path known = knownHosts();
        String before = Files.readString(known);
        assertThatThrownBy(() -> enrolment(known).enrol(new SshTarget("10.0.0.99", 22, "u"), "c", key -> true))
                .isInstanceOf(RemoteException.class).hasMessageContaining("unreachable");
        assertThat(Files.readString(known)).isEqualTo(before);
    }

    @Test
    void aFirstKeyCreatesTheKnownHostsFile() {
        Path known = tmp.resolve("sub/known_hosts");
        assertThat(enrolment(known).enrol(NEW, "c", key -> true).outcome()).isEqualTo(Enrolment.Outcome.PINNED);
        assertThat(KnownHosts.read(known).keysFor("10.0.0.11")).containsExactly(key(1));
    }
}
