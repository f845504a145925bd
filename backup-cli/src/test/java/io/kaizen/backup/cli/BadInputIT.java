package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear message on stderr, exit 2, and nothing is created or changed. */
class BadInputIT {
    @TempDir
    Path tmp;
    Path source;
    Path store;

    @BeforeEach
    void setUp() throws Exception {
        source = TreeBuilder.at(tmp.resolve("src")).file("a", "a").root();
        store = tmp.resolve("store");
    }

    /** Runs kaizen in-process, at 02:30 UTC on a fixed date; the unreadable-source case runs it as another user. */
    private static KaizenProcess.Result kaizen(String... args) {
        return InProcess.run(InProcess.at(LocalDate.of(2026, 6, 10)), args);
    }

    private void assertRefused(String expectedMessage, String... args) throws Exception {
        TreeListing before = TreeListing.of(tmp);
        KaizenProcess.Result result = kaizen(args);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).as(result.toString()).contains(expectedMessage);
        assertThat(result.stdout()).as("nothing logged as done").doesNotContain("committed");
        assertThat(TreeListing.of(tmp).differences(before)).as("nothing created or changed").isEmpty();
    }

    private String[] snapshot(String... more) {
        List<String> args = new ArrayList<>(List.of("snapshot", "--dest", store.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aSourceThatDoesNotExist() throws Exception {
        assertRefused("does not exist", snapshot("--source", tmp.resolve("nope").toString()));
    }

    @Test
    void aSourceThisUserCannotRead() throws Exception {
        Path secret = Files.createDirectories(tmp.resolve("secret"));
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        command.addAll(KaizenProcess.command(snapshot("--source", secret.toString())));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LANG", "C");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("is not readable");
        assertThat(store).doesNotExist();
    }

    @Test
    void aDestinationInsideASource() throws Exception {
        assertRefused("is inside source", "snapshot", "--source", tmp.toString(), "--dest", tmp.resolve("src/store").toString());
    }

    @Test
    void aSourceInsideTheDestination() throws Exception {
        assertRefused("is inside destination", "snapshot", "--source", source.toString(), "--dest", tmp.toString());
    }

    @Test
    void aDestinationThatIsAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertRefused("is not a directory", "snapshot", "--source", source.toString(), "--dest", file.toString());
    }

    @Test
    void anUnknownOption() throws Exception {
        assertRefused("Unknown options: '--sorce'", snapshot("--sorce", source.toString()));
    }

    @Test
    void anUnknownCommand() throws Exception {
        assertRefused("Unmatched argument", "snapshop");
    }

    @Test
    void aYamlKeyWithATypoNamesFileAndLine() throws Exception {
        Path config = Files.writeString(tmp.resolve("node.yaml"),
                "store: " + store + "\nsources:\n  - path: " + source + "\nretention:\n  keep-dayz: 8\n");
        assertRefused(config + ":5: unknown key 'keep-dayz'", "snapshot", "--config", config.toString());
    }

    @Test
    void aYamlValueOfTheWrongTypeNamesFileAndLine() throws Exception {
        Path config = Files.writeString(tmp.resolve("node.yaml"),
                "store: " + store + "\nsources:\n  - path: " + source + "\n    exclude: {a: b}\n");
        assertRefused(config + ":4", "snapshot", "--config", config.toString());
    }

    @Test
    void aHookCommandThatDoesNotExistNamesFileLineAndKey() throws Exception {
        Path config = Files.writeString(tmp.resolve("node.yaml"), "store: " + store + "\nsources:\n  - path: "
                + source + "\n    hooks:\n      before: [/usr/local/bin/no-such-quiesce, --all]\n");
        assertRefused(config + ":5: sources[1].hooks: before: no such command '/usr/local/bin/no-such-quiesce'",
                "snapshot", "--config", config.toString());
        Path runHook = Files.writeString(tmp.resolve("run.yaml"), "store: " + store + "\nsources:\n  - path: "
                + source + "\nhooks:\n  after: [no-such-program-on-path]\n");
        assertRefused(runHook + ":5: hooks: after: no such command 'no-such-program-on-path'",
                "snapshot", "--config", runHook.toString());
    }

    @Test
    void anLvmSnapshotOfAPathNotOnALogicalVolumeNamesFileLineAndKey() throws Exception {
        Path config = Files.writeString(tmp.resolve("node.yaml"), "store: " + store + "\nsources:\n  - path: "
                + source + "\n    snapshot: lvm\n");
        assertRefused(config + ":4: sources[1]: snapshot: lvm: " + source + " is on ", "snapshot", "--config",
                config.toString());
        assertRefused("which is not an LVM logical volume to snapshot", "snapshot", "--config", config.toString());
    }

    @Test
    void anLvmSnapshotSettingOutOfRangeNamesFileLineAndKey() throws Exception {
        Path percent = Files.writeString(tmp.resolve("percent.yaml"), "store: " + store + "\nsources:\n  - path: "
                + source + "\n    snapshot: lvm\n    lvm-snapshot-size: 150%\n");
        assertRefused(percent + ":5: sources[1]: lvm-snapshot-size: must be 1 to 100 %, got 150 %", "snapshot",
                "--config", percent.toString());
        Path kind = Files.writeString(tmp.resolve("kind.yaml"), "store: " + store + "\nsources:\n  - path: "
                + source + "\n    snapshot: zfs\n");
        assertRefused(kind + ":4: sources[1]: snapshot: unknown kind 'zfs' (expected lvm)", "snapshot", "--config",
                kind.toString());
    }

    @Test
    void aHookTimeoutOutOfRangeNamesFileLineAndKey() throws Exception {
        for (String timeout : new String[] {"0", "-5", "86401"}) {
            Path config = Files.writeString(tmp.resolve("node-" + timeout + ".yaml"), "store: " + store
                    + "\nsources:\n  - path: " + source + "\nhooks:\n  before: [true]\n  timeout: " + timeout + "\n");
            assertRefused(config + ":6: hooks: timeout: must be 1 to 86400 seconds, got " + timeout,
                    "snapshot", "--config", config.toString());
        }
    }

    @Test
    void aFreeSpaceFloorOverOneHundredPercent() throws Exception {
        Path config = Files.writeString(tmp.resolve("node.yaml"), "store: " + store + "\nsources:\n  - path: "
                + source + "\nfree-space-floor: 150%\n");
        assertRefused(config + ":4: free-space-floor: must be 0 to 100 %, got 150 %", "snapshot", "--config",
                config.toString());
        assertRefused("--free-space-floor: must be 0 to 100 %, got 100.5 %", snapshot("--source", source.toString(),
                "--free-space-floor", "100.5%"));
        assertRefused("--free-space-floor: 'lots' is neither a percentage (5%) nor a size (10G)",
                snapshot("--source", source.toString(), "--free-space-floor", "lots"));
    }

    @Test
    void aPriorityOutOfRangeNamesFileLineAndKey() throws Exception {
        String[][] cases = {
                {"{nice: 20}", "nice: must be -20 to 19, got 20"},
                {"{nice: -21}", "nice: must be -20 to 19, got -21"},
                {"{io-class: best-effort, io-level: 8}", "io-level: must be 0 to 7, got 8"},
                {"{io-class: lazy}", "io-class: unknown class 'lazy' (expected idle, best-effort or realtime)"},
                {"{io-class: idle, io-level: 3}", "io-level: needs io-class best-effort or realtime"}};
        for (String[] c : cases) {
            Path config = Files.writeString(tmp.resolve("node.yaml"), "store: " + store + "\nsources:\n  - path: "
                    + source + "\npriority: " + c[0] + "\n");
            assertRefused(config + ":4: priority: " + c[1], "snapshot", "--config", config.toString());
        }
    }

    @Test
    void aCollectorBandwidthLimitOrRetryWindowOutOfRangeNamesTheKey() throws Exception {
        Path nodes = Files.writeString(tmp.resolve("nodes.yaml"), "nodes: [{name: n1, host: 127.0.0.1}]\n");
        Path known = Files.writeString(tmp.resolve("known_hosts"), "");
        List<String> collect = List.of("collect", "--inventory", nodes.toString(), "--dest",
                tmp.resolve("backups").toString(), "--known-hosts", known.toString());
        String[][] options = {
                {"--bwlimit: must be 0 (unlimited) to 10485760 KiB/s, got -1", "--bwlimit", "-1"},
                {"--bwlimit: must be 0 (unlimited) to 10485760 KiB/s, got 10485761", "--bwlimit", "10485761"},
                {"--retry-until: must be a time of day HH:MM (00:00-23:59), got '8'", "--retry-until", "8"},
                {"--retry-every: must be positive and shorter than a day (a retry window ends the day it starts), got 24h",
                        "--retry-until", "08:00", "--retry-every", "1d"},
                {"--retry-every: needs retry-until", "--retry-every", "10m"}};
        for (String[] c : options) {
            List<String> args = new ArrayList<>(collect);
            args.addAll(List.of(c).subList(1, c.length));
            assertRefused(c[0], args.toArray(String[]::new));
        }
        String[][] configured = {
                {"bandwidth-limit: -5", ":2: bandwidth-limit: must be 0 (unlimited)"},
                {"retry-until: \"24:00\"", ":2: retry-until: must be a time of day"},
                {"retry-until: \"06:00\"\nretry-every: 0m", ":3: retry-every: not a duration: '0m'"}};
        for (String[] c : configured) {
            Path config = Files.writeString(tmp.resolve("collector.yaml"), "dest: " + tmp.resolve("backups") + "\n"
                    + c[0] + "\n");
            assertRefused(config + c[1], "collect", "--config", config.toString(), "--inventory", nodes.toString(),
                    "--known-hosts", known.toString());
        }
    }

    @Test
    void keepDaysZeroOrNegative() throws Exception {
        assertRefused("keep-days must be at least 1 (got 0)", snapshot("--source", source.toString(), "--keep-days", "0"));
        assertRefused("keep-days must be at least 1 (got -3)", snapshot("--source", source.toString(), "--keep-days", "-3"));
        assertRefused("keep-days must be at least 1", "prune", "--dest", tmp.toString(), "--keep-days", "0");
    }

    @Test
    void aDeltaSizeThatIsNotASize() throws Exception {
        assertRefused("--delta-min-size: '64X' is not a size", snapshot("--source", source.toString(),
                "--delta-min-size", "64X"));
    }

    @Test
    void aDateThatIsNotADate() throws Exception {
        assertRefused("not a snapshot date: '2026-02-30'", snapshot("--source", source.toString(), "--date", "2026-02-30"));
        assertRefused("not a snapshot date: 'yesterday'", snapshot("--source", source.toString(), "--date", "yesterday"));
    }

    @Test
    void readCommandsOnAStoreThatDoesNotExist() throws Exception {
        for (String command : List.of("list", "verify", "status")) {
            assertRefused("no store at " + store, command, "--dest", store.toString());
        }
        assertRefused("no store at " + store, "restore", "--dest", store.toString(), "--path", "/etc", "--to",
                tmp.resolve("r").toString());
        assertRefused("no store at " + store, "diff", "--dest", store.toString(), "latest", "latest");
        assertRefused("no store at " + store, "log", "--dest", store.toString(), "/etc/hosts");
        assertRefused("no store at " + store, "drill", "--dest", store.toString());
    }

    private void oneSnapshot() throws Exception {
        KaizenProcess.Result run = kaizen(snapshot("--source", source.toString()));
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    @Test
    void anUnknownSnapshotPathOrFileForDiffAndLog() throws Exception {
        oneSnapshot();
        String dest = store.toString();
        assertRefused("no complete snapshot 2020-01-01 in " + store, "diff", "--dest", dest, "2020-01-01", "latest");
        assertRefused("not a snapshot date: 'yesterday'", "diff", "--dest", dest, "yesterday", "latest");
        assertRefused("/nope is in neither snapshot", "diff", "--dest", dest, "latest", "latest", "--path", "/nope");
        assertRefused("/etc/nope is not a regular file in any snapshot of " + store, "log", "--dest", dest, "/etc/nope");
        assertRefused("give the path as on the node, absolute", "log", "--dest", dest, "a");
        assertRefused("Missing required parameter: 'TO'", "diff", "--dest", dest, "latest");
    }

    @Test
    void aRestoreTargetInsideTheStoreEvenThroughASymlink() throws Exception {
        oneSnapshot();
        Path link = Files.createSymbolicLink(tmp.resolve("link"), store);
        for (Path target : List.of(store.resolve("r"), store, link.resolve("r"))) {
            assertRefused("is inside the store " + store, "restore", "--dest", store.toString(), "--path",
                    source.toString(), "--to", target.toString());
        }
        assertRefused("is not in snapshot", "restore", "--dest", store.toString(), "--path", "/nope", "--to",
                tmp.resolve("r").toString());
        assertRefused("no complete snapshot 2020-01-01", "restore", "--dest", store.toString(), "--snapshot",
                "2020-01-01", "--path", source.toString(), "--to", tmp.resolve("r").toString());
    }

    @Test
    void aDrillOfNoFilesOrOfADirectoryWithoutSnapshots() throws Exception {
        oneSnapshot();
        assertRefused("--sample must be at least 1 (got 0)", "drill", "--dest", store.toString(), "--sample", "0");
        assertRefused("--sample must be at least 1 (got -5)", "drill", "--dest", store.toString(), "--sample", "-5");
        Path empty = Files.createDirectories(tmp.resolve("empty/node-a"));
        assertRefused("no snapshot in " + empty.getParent(), "drill", "--dest", empty.getParent().toString());
        assertRefused("is inside the store " + store, "drill", "--dest", store.toString(), "--scratch", store.toString());
        assertRefused("scratch directory " + tmp.resolve("nope") + " does not exist", "drill", "--dest",
                store.toString(), "--scratch", tmp.resolve("nope").toString());
    }

    @Test
    void metricsIntoADirectoryThatDoesNotExistOrOntoADirectory() throws Exception {
        oneSnapshot();
        assertRefused("directory " + tmp.resolve("nodir") + " does not exist", "status", "--dest", store.toString(),
                "--prometheus", tmp.resolve("nodir/kaizen.prom").toString());
        assertRefused("is a directory", "status", "--dest", store.toString(), "--prometheus", tmp.toString());
    }

    @Test
    void aRelativeRestorePathOrAnEscapingOne() throws Exception {
        assertThat(kaizen(snapshot("--source", source.toString())).exitCode()).isZero();
        TreeListing before = TreeListing.of(tmp);
        KaizenProcess.Result relative = kaizen("restore", "--dest", store.toString(), "--path", "etc",
                "--to", tmp.resolve("r").toString());
        KaizenProcess.Result escaping = kaizen("restore", "--dest", store.toString(), "--path",
                source + "/../../etc", "--to", tmp.resolve("r").toString());
        assertThat(relative.exitCode()).isEqualTo(2);
        assertThat(relative.stderr()).contains("must be absolute");
        assertThat(escaping.exitCode()).isEqualTo(2);
        assertThat(escaping.stderr()).contains("must not contain '..'");
        assertThat(TreeListing.of(tmp).differences(before)).isEmpty();
    }
}
