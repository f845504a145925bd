package io.kaizen.backup.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.inventory.Node;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one SSH target type: how it names itself in known_hosts, and what it refuses. */
class SshTargetTest {
    @Test
    void pinsUnderItsHostAndPortAsOpenSshDoesUnlessGivenAnAlias() {
        assertThat(new SshTarget("10.0.0.1", 22, "kaizen-backup").hostKeyAlias()).isEqualTo("10.0.0.1");
        assertThat(new SshTarget("10.0.0.1", 2222, "kaizen-backup").hostKeyAlias()).isEqualTo("[10.0.0.1]:2222");
        assertThat(new SshTarget("[fd00::1]", 2222, "kaizen-backup").hostKeyAlias()).isEqualTo("[fd00::1]:2222");
        assertThat(new SshTarget("[fd00::1]", 22, "kaizen-backup").address()).isEqualTo("fd00::1");
        assertThat(new SshTarget("10.0.0.1", 2222, "backup").pinnedAs("compute-1").hostKeyAlias()).isEqualTo("compute-1");
        assertThat(new SshTarget("switch-1.example", 22, "Admin")).hasToString("Admin@switch-1.example");
    }

    @Test
    void aNodesTargetIsPinnedUnderTheNodesNameAndKeepsItsAddressAlias() {
        SshTarget target = new Node("compute-1", new SshTarget("10.0.0.1", 2222, "kb"), Path.of("/backups")).target();
        assertThat(target.hostKeyAlias()).isEqualTo("kaizen-node:compute-1").isEqualTo(SshTarget.nodeAlias("compute-1"));
        assertThat(target.addressAlias()).isEqualTo("[10.0.0.1]:2222");
        assertThat(target).hasToString("kb@10.0.0.1:2222");
        assertThat(new SshTarget("10.0.0.1", 22, "kb").pinnedAs("kaizen-node:db-1").addressAlias()).isEqualTo("10.0.0.1");
        assertThat(target.addressPinAccepted()).isTrue();
        assertThat(new SshTarget("10.0.0.1", 22, "kb").addressPinAccepted()).as("a device is pinned under its address").isFalse();
    }

    @Test
    void aNodeSharingItsAddressWithAnotherAcceptsNoAddressPin() {
        Node a = new Node("a", new SshTarget("10.0.0.1", 2222, "kb"), Path.of("/backups"));
        Node b = new Node("b", new SshTarget("10.0.0.1", 2222, "kb"), Path.of("/backups"));
        Node c = new Node("c", new SshTarget("10.0.0.1", 22, "kb"), Path.of("/backups"));
        assertThat(a.targetAmong(List.of(a, c)).addressPinAccepted()).isTrue();
        assertThat(a.targetAmong(List.of(a, b, c)).addressPinAccepted()).isFalse();
        assertThat(b.targetAmong(List.of(a, b, c))).isEqualTo(b.target().withoutAddressPin());
        assertThat(b.targetAmong(List.of(a, b, c)).hostKeyAlias()).isEqualTo("kaizen-node:b");
    }

    @Test
    void refusesWhatSshCouldReadAsAnOptionOrAShellWord() {
        refused(() -> new SshTarget("-oProxyCommand=x", 22, "u"), "host '-oProxyCommand=x' starts with '-'");
        refused(() -> new SshTarget("h", 22, "-oProxyCommand=x"), "user '-oProxyCommand=x' starts with '-'");
        refused(() -> new SshTarget("h", 22, "u").pinnedAs("-x"), "not a host-key alias: '-x'");
        refused(() -> new SshTarget("h", 22, "root;id"), "not a user name: 'root;id'");
        refused(() -> new SshTarget("h", 22, "u@v"), "not a user name");
        refused(() -> new SshTarget("h;id", 22, "u"), "not a host name or address: 'h;id'");
        refused(() -> new SshTarget("h h", 22, "u"), "not a host name or address");
        refused(() -> new SshTarget("h", 22, "u").pinnedAs("a b"), "not a host-key alias");
        refused(() -> new SshTarget("", 22, "u"), "no host given");
        refused(() -> new SshTarget(null, 22, "u"), "no host given");
        refused(() -> new SshTarget("h", 22, null), "no user given for h");
        refused(() -> new SshTarget("h", 0, "u"), "port must be 1-65535, got 0");
        refused(() -> new SshTarget("h", 65536, "u"), "port must be 1-65535, got 65536");
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable target, String message) {
        assertThatThrownBy(target).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }
}
