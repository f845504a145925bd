package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.testing.Commands;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offsite commands end to end, in-process, on a collector store made by {@code kaizen snapshot} and a
 * directory target: init, replicate, list, restore --offsite, drill --offsite, prune, and their bad input.
 */
class OffsiteIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 10);

    @TempDir
    Path tmp;
    private Path collector;
    private Path repository;
    private Path key;
    private Path config;

    private static KaizenProcess.Result kaizen(String... args) {
        return InProcess.run(InProcess.at(TODAY), args);
    }

    private static KaizenProcess.Result ok(String... args) {
        KaizenProcess.Result run = kaizen(args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    @BeforeEach
    void twoNodesOfTwoDaysAndAnOffsiteConfig() throws Exception {
        collector = tmp.resolve("collector");
        repository = tmp.resolve("offsite");
        key = tmp.resolve("offsite.keyset");
        config = tmp.resolve("offsite.yaml");
        for (String node : List.of("web-1", "db-1")) {
            Path source = tmp.resolve("src-" + node);
            TreeBuilder.at(source).file("etc/app.conf", "node " + node + "\n").symlink("etc/link", "app.conf")
                    .hardlink("etc/app-link.conf", "etc/app.conf");
            for (String date : List.of("2026-06-01", "2026-06-09")) {
                TreeBuilder.at(source).file("var/day", date + "\n");
                ok("snapshot", "--source", source.toString(), "--dest", collector.resolve(node).toString(),
                        "--date", date);
            }
        }
        Files.writeString(config, "collector-store: " + collector + "\nkey: " + key + "\ntarget:\n  directory: "
                + repository + "\nretention: {keep-days: 5}\n");
    }

    @Test
    void initReplicateListRestoreDrillAndPruneWork() throws Exception {
        KaizenProcess.Result init = ok("offsite", "init", "--config", config.toString());
        assertThat(init.stdout()).contains("ESCROW").contains(key.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");

        JsonNode sent = JSON.readTree(ok("replicate", "--config", config.toString(), "--json").stdout());
        assertThat(sent.get("sent")).hasSize(4);
        assertThat(Files.readString(collector.resolve("web-1/.kaizen/offsite-confirmed")))
                .matches("2026-06-01 2026-06-10T02:30:00\\.\\d+Z\n2026-06-09 2026-06-10T02:30:00\\.\\d+Z\n");
        assertThat(JSON.readTree(ok("replicate", "--config", config.toString(), "--json").stdout())
                .get("bytesWritten").asLong()).isZero();

        JsonNode listed = JSON.readTree(ok("offsite", "list", "--config", config.toString(), "--node", "db-1",
                "--json").stdout());
        assertThat(listed.get("snapshots")).extracting(s -> s.get("date").asText())
                .containsExactly("2026-06-01", "2026-06-09");

        Path to = tmp.resolve("restored");
        ok("restore", "--offsite", "--config", config.toString(), "--node", "web-1", "--snapshot", "2026-06-09",
                "--path", "/", "--to", to.toString());
        assertThat(TreeListing.of(to).differences(TreeListing.of(collector.resolve("web-1/2026-06-09")))).isEmpty();
        Commands.bytes(to, "sha256sum", "--quiet", "-c", ".kaizen/SHA256SUMS");

        JsonNode drill = JSON.readTree(ok("drill", "--offsite", "--config", config.toString(), "--sample", "10",
                "--seed", "3", "--json").stdout());
        assertThat(drill.get("nodes")).hasSize(2).allSatisfy(n -> assertThat(n.get("matched").asInt()).isPositive());

        List<String> before = objects();
        JsonNode dry = JSON.readTree(ok("offsite", "prune", "--config", config.toString(), "--dry-run", "--json")
                .stdout());
        assertThat(dry.get("removed")).extracting(JsonNode::asText).containsExactly("db-1/2026-06-01",
                "web-1/2026-06-01");
        assertThat(objects()).isEqualTo(before);
        ok("offsite", "prune", "--config", config.toString(), "--keep-days", "5");
        assertThat(objects()).hasSizeLessThan(before.size());
        JsonNode after = JSON.readTree(ok("offsite", "list", "--config", config.toString(), "--json").stdout());
        assertThat(after.get("snapshots")).extracting(s -> s.get("node").asText() + "/" + s.get("date").asText())
                .containsExactly("db-1/2026-06-09", "web-1/2026-06-09");
        ok("drill", "--offsite", "--config", config.toString(), "--sample", "50");
    }

    @Test
    void badConfigurationWrongKeyAndASecondInitAreRefusedWithExitTwo() throws Exception {
        KaizenProcess.Result missing = kaizen("replicate");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("--config");

        Path typo = tmp.resolve("typo.yaml");
        Files.writeString(typo, "collector-store: " + collector + "\nkey: " + key + "\ntarget:\n  directry: /x\n");
        KaizenProcess.Result unknown = kaizen("replicate", "--config", typo.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains(typo.toString()).contains("directry");

        Path relative = tmp.resolve("relative.yaml");
        Files.writeString(relative, "key: offsite.keyset\ntarget: {directory: " + repository + "}\n");
        KaizenProcess.Result notAbsolute = kaizen("offsite", "init", "--config", relative.toString());
        assertThat(notAbsolute.exitCode()).isEqualTo(2);
        assertThat(notAbsolute.stderr()).contains(relative.toString()).contains("key");

        ok("offsite", "init", "--config", config.toString());
        byte[] keyBytes = Files.readAllBytes(key);
        KaizenProcess.Result again = kaizen("offsite", "init", "--config", config.toString());
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(2);
        assertThat(Files.readAllBytes(key)).isEqualTo(keyBytes);

        Path otherKey = tmp.resolve("other.keyset");
        Path otherRepository = tmp.resolve("other-offsite");
        Path other = tmp.resolve("other.yaml");
        Files.writeString(other, "collector-store: " + collector + "\nkey: " + otherKey + "\ntarget:\n  directory: "
                + otherRepository + "\n");
        ok("offsite", "init", "--config", other.toString());
        Files.writeString(other, "collector-store: " + collector + "\nkey: " + otherKey + "\ntarget:\n  directory: "
                + repository + "\n");
        KaizenProcess.Result wrongKey = kaizen("replicate", "--config", other.toString());
        assertThat(wrongKey.exitCode()).as(wrongKey.toString()).isEqualTo(2);
        assertThat(wrongKey.stderr()).contains(otherKey.toString()).contains("wrong key");
        assertThat(objects()).containsExactly("config");

        KaizenProcess.Result s3 = kaizen("offsite", "list", "--config", write("s3.yaml", "key: " + key
                + "\ntarget:\n  s3: {endpoint: 'https://rgw.example.org', bucket: kaizen, prefix: moc/, "
                + "credentials: /etc/kaizen/offsite.s3}\n").toString());
        assertThat(s3.exitCode()).as(s3.toString()).isEqualTo(2);
        assertThat(s3.stderr()).as("an S3 target whose credentials file is missing").contains("/etc/kaizen/offsite.s3");
    }

    @Test
    void anInitialisedTargetThatIsGoneIsUnreachableExitOneAndOneNeverMadeIsBadInputExitTwo() throws Exception {
        ok("offsite", "init", "--config", config.toString());
        ok("replicate", "--config", config.toString());
        String confirmed = Files.readString(collector.resolve("web-1/.kaizen/offsite-confirmed"));
        Path away = tmp.resolve("offsite-away");
        Files.move(repository, away);
        Files.createDirectory(repository);
        TreeBuilder.at(tmp.resolve("src-web-1")).file("var/day", "new day\n");
        ok("snapshot", "--source", tmp.resolve("src-web-1").toString(), "--dest", collector.resolve("web-1").toString(),
                "--date", "2026-06-10");

        KaizenProcess.Result unmounted = kaizen("replicate", "--config", config.toString());
        assertThat(unmounted.exitCode()).as("an empty mount point: %s", unmounted).isEqualTo(1);
        assertThat(unmounted.stderr()).contains("unreachable").contains(repository.toString())
                .contains(key + ".repository");
        assertThat(objects()).isEmpty();
        Files.delete(repository);
        KaizenProcess.Result absent = kaizen("replicate", "--config", config.toString());
        assertThat(absent.exitCode()).as("no directory at all: %s", absent).isEqualTo(1);
        assertThat(absent.stderr()).contains("unreachable");
        assertThat(Files.readString(collector.resolve("web-1/.kaizen/offsite-confirmed"))).isEqualTo(confirmed);

        Path never = Files.createDirectory(tmp.resolve("never-made"));
        Path elsewhere = write("elsewhere.yaml", "collector-store: " + collector + "\nkey: " + key
                + "\ntarget:\n  directory: " + never + "\n");
        KaizenProcess.Result notMade = kaizen("replicate", "--config", elsewhere.toString());
        assertThat(notMade.exitCode()).as("a target this key never made a repository in: %s", notMade).isEqualTo(2);
        assertThat(notMade.stderr()).contains("kaizen offsite init makes one");

        Files.move(away, repository);
        Files.delete(Path.of(key + ".repository"));
        ok("replicate", "--config", config.toString());
        assertThat(Files.readString(Path.of(key + ".repository"))).as("recorded by a replicate of a repository "
                + "made before the record existed").isEqualTo(repository + "\n");
        Files.move(repository, away);
        assertThat(kaizen("replicate", "--config", config.toString()).exitCode()).isEqualTo(1);
    }

    @Test
    void replicateRemovesTheTemporariesOfAKilledUploadOlderThanItsStart() throws Exception {
        ok("offsite", "init", "--config", config.toString());
        Path dir = Files.createDirectories(repository.resolve("data/ab"));
        Path abandoned = Files.writeString(dir.resolve(".incoming-abandoned"), "half a pack");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        Path current = Files.writeString(dir.resolve(".incoming-current"), "being written");
        Files.setLastModifiedTime(current, FileTime.from(Instant.now().plus(Duration.ofMinutes(5))));

        JsonNode sent = JSON.readTree(ok("replicate", "--config", config.toString(), "--json").stdout());
        assertThat(sent.get("incompleteRemoved").asInt()).isEqualTo(1);
        assertThat(abandoned).doesNotExist();
        assertThat(current).as("written after the run started: not this run's to remove").exists();
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(tmp.resolve(name), content);
    }

    private List<String> objects() throws Exception {
        try (Stream<Path> files = Files.walk(repository)) {
            return files.filter(Files::isRegularFile).map(f -> repository.relativize(f).toString()).sorted().toList();
        }
    }
}
