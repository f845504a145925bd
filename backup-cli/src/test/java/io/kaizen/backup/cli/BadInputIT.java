package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private void assertRefused(String expectedMessage, String... args) throws Exception {
        TreeListing before = TreeListing.of(tmp);
        KaizenProcess.Result result = KaizenProcess.run(args);
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
    void keepDaysZeroOrNegative() throws Exception {
        assertRefused("keep-days must be at least 1 (got 0)", snapshot("--source", source.toString(), "--keep-days", "0"));
        assertRefused("keep-days must be at least 1 (got -3)", snapshot("--source", source.toString(), "--keep-days", "-3"));
        assertRefused("keep-days must be at least 1", "prune", "--dest", tmp.toString(), "--keep-days", "0");
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
    }

    @Test
    void aRelativeRestorePathOrAnEscapingOne() throws Exception {
        assertThat(KaizenProcess.run(Map.of(), snapshot("--source", source.toString())).exitCode()).isZero();
        TreeListing before = TreeListing.of(tmp);
        KaizenProcess.Result relative = KaizenProcess.run("restore", "--dest", store.toString(), "--path", "etc",
                "--to", tmp.resolve("r").toString());
        KaizenProcess.Result escaping = KaizenProcess.run("restore", "--dest", store.toString(), "--path",
                source + "/../../etc", "--to", tmp.resolve("r").toString());
        assertThat(relative.exitCode()).isEqualTo(2);
        assertThat(relative.stderr()).contains("must be absolute");
        assertThat(escaping.exitCode()).isEqualTo(2);
        assertThat(escaping.stderr()).contains("must not contain '..'");
        assertThat(TreeListing.of(tmp).differences(before)).isEmpty();
    }
}
