package io.kaizen.backup.remote.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.testing.TreeBuilder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the forced command lets through, and every refusal. */
class ForcedCommandTest {
    @TempDir
    Path tmp;
    Path store;

    @BeforeEach
    void store() {
        store = tmp.resolve("backups");
        TreeBuilder.at(store.resolve("2026-11-24")).file("etc/nova/nova.conf", "x").symlink("etc/alt", "/etc")
                .file(".kaizen/manifest.json", "{}");
        TreeBuilder.at(store.resolve("2026-11-25.partial")).file("x", "y");
    }

    private ForcedCommand.Decision decide(String command) {
        return ForcedCommand.decide(command, store, name -> name.toString().equals("2026-11-24"), true);
    }

    private void refused(String command, String why) {
        assertThatThrownBy(() -> decide(command)).as(command).isInstanceOf(ForcedCommand.Refused.class).hasMessageContaining(why);
    }

    @Test
    void theAgentAndExactlyItsVersion() {
        assertThat(decide("kaizen-agent 1")).isEqualTo(new ForcedCommand.Agent(1));
        refused("kaizen-agent 2", "version 2 not supported");
        refused("kaizen-agent 1 extra", "usage");
        refused("kaizen-agent", "usage");
    }

    @Test
    void shellsAndOtherCommandsAreRefused() {
        refused(null, "interactive login refused");
        refused("", "interactive login refused");
        refused("ls /", "command refused");
        refused("sh -c id", "command refused");
        refused("kaizen-agent 1; id", "shell syntax");
        refused("rsync --server --sender -l . /x`id`", "shell syntax");
        refused("kaizen-agent 1\nid", "control characters");
    }

    @Test
    void rsyncSendersInsideCompleteSnapshotsOnly() {
        String snap = store + "/2026-11-24";
        ForcedCommand.Decision ok = decide("rsync --server --sender -lHogDtpre.iLsfxCIvu --numeric-ids . " + snap + "/");
        assertThat(ok).isEqualTo(new ForcedCommand.Rsync(List.of("/usr/bin/rsync", "--server", "--sender", "-lHogDtpre.iLsfxCIvu",
                "--numeric-ids", ".", snap + "/")));
        assertThat(decide("rsync --server --sender -logDtprcRe.iLsfxCIvu . " + snap + "/./etc/nova")).isInstanceOf(ForcedCommand.Rsync.class);
        assertThat(decide("rsync --server --sender -logDtpre.iLsfxCIvu --list-only . " + snap + "/"))
                .isEqualTo(new ForcedCommand.Rsync(List.of("/usr/bin/rsync", "--server", "--sender",
                        "-logDtpre.iLsfxCIvu", "--list-only", ".", snap + "/")));
        refused("rsync --server --sender -l --list-only=x . " + snap + "/", "option '--list-only=x' is not allowed");
        refused("rsync --server -vlogDtpre.iLsfxCIvu . " + snap + "/", "read-only");
        refused("rsync --daemon", "only 'rsync --server --sender'");
        refused("rsync --server --sender -lLogDtpre.iLsfxCIvu . " + snap + "/", "option '-lLogDtpre.iLsfxCIvu' is not allowed");
        refused("rsync --server --sender -l --remove-source-files . " + snap + "/", "not allowed");
        refused("rsync --server --sender -l --files-from=/etc/shadow . " + snap + "/", "not allowed");
        refused("rsync --server --sender -l . /etc/shadow", "outside the store");
        refused("rsync --server --sender -l . " + store + "/", "outside the store");
        refused("rsync --server --sender -l . " + snap + "/../../etc/shadow", "'..'");
        refused("rsync --server --sender -l . " + store + "/2026-11-25.partial/", "not inside a complete snapshot");
        refused("rsync --server --sender -l . " + store + "/.kaizen/lock", "not inside a complete snapshot");
        refused("rsync --server --sender -l . " + snap + "/etc/alt/shadow", "symlink");
        refused("rsync --server --sender -l . " + snap + "/etc/alt/", "symlink");
        refused("rsync --server --sender -l . " + store + "/*/etc", "wildcard");
        refused("rsync --server --sender -l . relative/path", "not absolute");
        refused("rsync --server --sender -l . " + snap + "/missing", "does not exist");
        refused("rsync --server --sender -l .", "no path");
    }

    @Test
    void rsyncServerModeIsOffUnlessTheNodeTurnedItOn() {
        String request = "rsync --server --sender -lHogDtpre.iLsfxCIvu --numeric-ids . " + store + "/2026-11-24/";
        assertThatThrownBy(() -> ForcedCommand.decide(request, store, name -> true, false))
                .isInstanceOf(ForcedCommand.Refused.class).hasMessageContaining("rsync server mode is off on this node");
        assertThat(ForcedCommand.decide("kaizen-agent 1", store, name -> true, false)).isEqualTo(new ForcedCommand.Agent(1));
    }

    @Test
    void theCapabilityBlockMustBeRsyncsAsRrsyncChecksIt() {
        String snap = store + "/2026-11-24/";
        assertThat(decide("rsync --server --sender -lHogDtpre31.0iLsfxCIvu . " + snap)).isInstanceOf(ForcedCommand.Rsync.class);
        assertThat(decide("rsync --server --sender -e.LsfxC . " + snap)).isInstanceOf(ForcedCommand.Rsync.class);
        refused("rsync --server --sender -e . " + snap, "option '-e' is not allowed");
        refused("rsync --server --sender -lre . " + snap, "option '-lre' is not allowed");
        refused("rsync --server --sender -le3 . " + snap, "not allowed");
        refused("rsync --server --sender -le.iL.s . " + snap, "not allowed");
        refused("rsync --server --sender -le.iL0 . " + snap, "not allowed");
    }

    @Test
    void escapedSpacesInNamesAreOneWord() {
        assertThat(ForcedCommand.split("rsync a\\ b c")).containsExactly("rsync", "a b", "c");
    }
}
