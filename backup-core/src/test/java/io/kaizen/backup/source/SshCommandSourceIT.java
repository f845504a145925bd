package io.kaizen.backup.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kaizen.backup.remote.SshSettings;
import io.kaizen.backup.remote.SshTarget;
import io.kaizen.backup.report.RunReport;
import io.kaizen.backup.snapshot.SnapshotJob;
import io.kaizen.backup.snapshot.SnapshotListener;
import io.kaizen.backup.snapshot.SnapshotRequest;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SourceResult;
import io.kaizen.backup.testing.Commands;
import io.kaizen.backup.testing.SshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ssh-command source against a real OpenSSH server on 127.0.0.1 whose forced command plays a network
 * device: it prints a configuration fixture, or hangs, or fails, or prints nothing, as the test sets it.
 */
class SshCommandSourceIT {
    static final String USER = System.getProperty("user.name");
    static final String CONFIG_V1 = "hostname switch-1\ninterface ethernet 1/1\n  description uplink\n  vlan 10\n";
    static final String CONFIG_V2 = CONFIG_V1.replace("vlan 10", "vlan 20");

    @TempDir
    static Path device;
    static SshServer sshd;
    static Path knownHosts;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startDevice() throws Exception {
        assumeTrue(Commands.isRoot() || Files.isWritable(Path.of("/run/sshd")), "sshd needs root for /run/sshd");
        Path script = device.resolve("device.sh");
        Files.writeString(script, """
                #!/bin/sh
                echo "$SSH_ORIGINAL_COMMAND" >> DIR/commands.log
                case "$(cat DIR/mode)" in
                  print) cat DIR/running-config ;;
                  hang) exec sleep 30 ;;
                  fail) echo "% Invalid input detected at '^' marker." >&2; exit 1 ;;
                  empty) exit 0 ;;
                esac
                """.replace("DIR", device.toString()));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        sshd = SshServer.start(device.resolve("sshd"), USER);
        SshServer.keyPair(device.resolve("client"));
        SshServer.keyPair(device.resolve("stranger"));
        sshd.authorize(USER, "restrict,command=\"" + script + "\"", device.resolve("client.pub"));
        knownHosts = Files.writeString(device.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
    }

    @AfterAll
    static void stopDevice() {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static void deviceWill(String mode, String config) throws Exception {
        Files.writeString(device.resolve("mode"), mode);
        Files.writeString(device.resolve("running-config"), config);
    }

    private static SshCommandSource source(String identity, Path pinned, Duration timeout) {
        return new SshCommandSource("switch-1", new SshTarget("127.0.0.1", sshd.port(), USER),
                SshSettings.pinned(device.resolve(identity), pinned), "show running-config", timeout);
    }

    private RunReport snapshot(String date, SshCommandSource source) {
        Clock clock = Clock.fixed(Instant.parse(date + "T02:30:00Z"), ZoneOffset.UTC);
        return new SnapshotJob(clock, SnapshotListener.NONE).run(SnapshotRequest.builder().store(tmp.resolve("store"))
                .host("collector-1").engine("rsync").source(source).build());
    }

    private Path output(String date) {
        return tmp.resolve("store").resolve(date).resolve("dumps/switch-1/output");
    }

    @Test
    void theOutputIsStoredAndWhetherItChangedIsNoted() throws Exception {
        deviceWill("print", CONFIG_V1);
        RunReport first = snapshot("2026-11-22", source("client", knownHosts, null));
        assertThat(first.status()).as(first.failure().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(output("2026-11-22")).hasContent(CONFIG_V1);
        SourceResult firstResult = first.sources().get(0);
        assertThat(firstResult.changed()).as("nothing to compare with yet").isNull();
        assertThat(firstResult.files()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("dumps/switch-1/output");
            assertThat(f.serverVersion()).contains("OpenSSH");
            assertThat(f.tool()).contains("JSch");
        });
        assertThat(Files.readString(device.resolve("commands.log"))).contains("show running-config");

        RunReport same = snapshot("2026-11-23", source("client", knownHosts, null));
        assertThat(same.sources().get(0).changed()).isFalse();
        assertThat(Files.isSameFile(output("2026-11-22"), output("2026-11-23"))).as("unchanged: hard-linked").isTrue();

        deviceWill("print", CONFIG_V2);
        RunReport changed = snapshot("2026-11-24", source("client", knownHosts, null));
        assertThat(changed.sources().get(0).changed()).isTrue();
        assertThat(output("2026-11-24")).hasContent(CONFIG_V2);
        assertThat(output("2026-11-23")).hasContent(CONFIG_V1);
        assertThat(Files.readString(tmp.resolve("store/2026-11-24/.kaizen/manifest.json"))).contains("\"changed\" : true");
    }

    @Test
    void aHangingCommandIsCutAtTheTimeoutAndFailsTheRun() throws Exception {
        deviceWill("print", CONFIG_V1);
        snapshot("2026-11-23", source("client", knownHosts, null));
        deviceWill("hang", CONFIG_V1);
        long start = System.nanoTime();
        RunReport report = snapshot("2026-11-24", source("client", knownHosts, Duration.ofSeconds(2)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.failure()).get().asString().contains("ssh-command switch-1").contains("did not finish within 2 s");
        assertThat(tmp.resolve("store/2026-11-24/dumps/switch-1")).doesNotExist();
        assertThat(output("2026-11-23")).hasContent(CONFIG_V1);
    }

    @Test
    void aFailingCommandFailsTheRunWithTheDevicesMessage() throws Exception {
        deviceWill("fail", CONFIG_V1);
        RunReport report = snapshot("2026-11-24", source("client", knownHosts, null));
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.failure()).get().asString().contains("exited with 1").contains("% Invalid input detected");
    }

    @Test
    void emptyOutputFailsTheRun() throws Exception {
        deviceWill("empty", CONFIG_V1);
        RunReport report = snapshot("2026-11-24", source("client", knownHosts, null));
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.failure()).get().asString().contains("printed nothing");
        assertThat(tmp.resolve("store/2026-11-24/dumps/switch-1")).doesNotExist();
    }

    @Test
    void aKeyTheDeviceDoesNotKnowFailsAuthentication() throws Exception {
        deviceWill("print", CONFIG_V1);
        RunReport report = snapshot("2026-11-24", source("stranger", knownHosts, null));
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.failure()).get().asString().contains("authentication as " + USER).contains("was refused");
    }

    @Test
    void aChangedHostKeyIsRefused() throws Exception {
        deviceWill("print", CONFIG_V1);
        SshServer.keyPair(tmp.resolve("impostor"));
        String impostor = Files.readString(tmp.resolve("impostor.pub")).strip().split(" ")[1];
        Path pinned = Files.writeString(tmp.resolve("known_hosts"),
                "[127.0.0.1]:" + sshd.port() + " ssh-ed25519 " + impostor + "\n");
        RunReport report = snapshot("2026-11-24", source("client", pinned, null));
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.failure()).get().asString().contains("HOST KEY CHANGED for [127.0.0.1]:" + sshd.port(), "does not match the key pinned for it in " + pinned);
        assertThat(Files.readString(pinned)).as("known_hosts is never rewritten").contains(impostor);
    }

    @Test
    void aHostWithoutAPinnedKeyIsRefused() throws Exception {
        deviceWill("print", CONFIG_V1);
        Path empty = Files.writeString(tmp.resolve("known_hosts"), "");
        RunReport report = snapshot("2026-11-24", source("client", empty, null));
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.failure()).get().asString().contains("has no pinned host key");
        assertThat(empty).isEmptyFile();
    }
}
