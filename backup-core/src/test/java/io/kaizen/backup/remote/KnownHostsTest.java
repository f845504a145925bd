package io.kaizen.backup.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our known_hosts reader and writer. */
class KnownHostsTest {
    @TempDir
    Path tmp;

    static HostKey key(int seed) {
        byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer blob = ByteBuffer.allocate(4 + type.length + 4 + 32);
        blob.putInt(type.length).put(type).putInt(32);
        for (int i = 0; i < 32; i++) {
            blob.put((byte) (seed + i));
        }
        return new HostKey(blob.array());
    }

    @Test
    void matchesPlainPatternsPortsHashedNamesAndRevocations() throws Exception {
        byte[] salt = new byte[20];
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        String hashed = "|1|" + Base64.getEncoder().encodeToString(salt) + "|"
                + Base64.getEncoder().encodeToString(mac.doFinal("db-1".getBytes(StandardCharsets.UTF_8)));
        Path file = tmp.resolve("known_hosts");
        Files.writeString(file, String.join("\n",
                "# comment", "",
                "compute-*,!compute-9 ssh-ed25519 " + key(1).base64(),
                "[127.0.0.1]:2222 ssh-ed25519 " + key(2).base64() + " comment",
                hashed + " ssh-ed25519 " + key(3).base64(),
                "@revoked * ssh-ed25519 " + key(4).base64(),
                "@cert-authority *.example ssh-ed25519 " + key(5).base64(), ""));
        KnownHosts known = KnownHosts.read(file);
        assertThat(known.keysFor("compute-1")).containsExactly(key(1));
        assertThat(known.keysFor("compute-9")).isEmpty();
        assertThat(known.keysFor("[127.0.0.1]:2222")).containsExactly(key(2));
        assertThat(known.keysFor("127.0.0.1")).isEmpty();
        assertThat(known.keysFor("db-1")).containsExactly(key(3));
        assertThat(known.isRevoked(key(4))).isTrue();
        assertThat(known.keysFor("x.example")).isEmpty();
    }

    @Test
    void appendsLinesOpenSshReads() throws Exception {
        Path file = tmp.resolve("sub/known_hosts");
        KnownHosts.append(file, "[10.0.0.11]:22", key(7), "kaizen-enroll compute-1");
        KnownHosts.append(file, "10.0.0.12", key(8), null);
        assertThat(Files.readString(file)).isEqualTo("[10.0.0.11]:22 ssh-ed25519 " + key(7).base64()
                + " kaizen-enroll-compute-1\n10.0.0.12 ssh-ed25519 " + key(8).base64() + "\n");
        assertThat(KnownHosts.read(file).keysFor("10.0.0.12")).containsExactly(key(8));
        assertThat(key(7).fingerprint()).startsWith("SHA256:").doesNotEndWith("=");
    }

    @Test
    void aKeyPinnedForOneNodeIsNeverPinnedForASecondName() throws Exception {
        Path file = tmp.resolve("known_hosts");
        Files.writeString(file, "kaizen-node:a,10.0.0.11 ssh-ed25519 " + key(1).base64() + "\n"
                + "kaizen-node:* ssh-ed25519 " + key(2).base64() + "\n");
        KnownHosts known = KnownHosts.read(file);
        assertThat(known.otherNodesPinning(key(1), "kaizen-node:b")).containsExactly("kaizen-node:a");
        assertThat(known.otherNodesPinning(key(1), "kaizen-node:a")).isEmpty();
        assertThat(known.otherNodesPinning(key(2), "kaizen-node:b")).as("a pattern names no node").isEmpty();
        String before = Files.readString(file);
        assertThatThrownBy(() -> KnownHosts.pin(file, "kaizen-node:b", key(1), "c"))
                .isInstanceOfSatisfying(RemoteException.class,
                        e -> assertThat(e.kind()).isEqualTo(RemoteException.Kind.HOST_KEY_CLAIMED))
                .hasMessageContaining("is pinned for kaizen-node:a in " + file + "; not pinned for kaizen-node:b");
        assertThat(Files.readString(file)).isEqualTo(before);
        KnownHosts.pin(file, "kaizen-node:a", key(1), "c");
        assertThat(Files.readString(file)).as("pinned already: unchanged").isEqualTo(before);
    }

    @Test
    void aBrokenLineIsAConfigErrorWithItsLine() throws Exception {
        Path file = tmp.resolve("known_hosts");
        Files.writeString(file, "host ssh-ed25519 " + key(1).base64() + "\nhost ssh-rsa " + key(1).base64() + "\n");
        assertThatThrownBy(() -> KnownHosts.read(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("known_hosts:2").hasMessageContaining("does not match");
    }
}
