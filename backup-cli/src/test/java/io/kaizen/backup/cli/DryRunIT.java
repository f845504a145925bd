package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --dry-run} of the commands that change a store: {@code snapshot} says what it would copy, hard-link and
 * exclude, with sizes, and writes nothing at all (the store's listing, metadata, lock and last-run record
 * included, is the same before and after); {@code prune} prints its plan and deletes nothing.
 */
class DryRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 10);
    /** Where prune, even a dry one, takes the store's lock (so it never plans from a half-deleted store). */
    private static final Set<String> STORE_METADATA = Set.of(".kaizen");

    @TempDir
    Path temp;

    private static KaizenProcess.Result kaizen(LocalDate date, String... args) {
        return InProcess.run(InProcess.at(date), args);
    }

    private KaizenProcess.Result snapshot(Path source, Path store, LocalDate date, String... extra) {
        List<String> args = new ArrayList<>(List.of("snapshot", "--source", source.toString(), "--dest",
                store.toString(), "--exclude", "cache/", "--exclude", "*.tmp"));
        args.addAll(List.of(extra));
        return kaizen(date, args.toArray(String[]::new));
    }

    @Test
    void snapshotDryRunListsCopiedLinkedAndExcludedWithSizesAndWritesNothing() throws Exception {
        Path source = temp.resolve("src");
        Path store = temp.resolve("store");
        TreeBuilder tree = TreeBuilder.at(source).file("etc/same.conf", "x".repeat(3000))
                .file("etc/changed.conf", "old").file("cache/big.bin", "y".repeat(5000)).file("etc/scratch.tmp", "zz")
                .symlink("etc/current", "same.conf");
        KaizenProcess.Result first = snapshot(source, store, TODAY.minusDays(1));
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Files.writeString(source.resolve("etc/changed.conf"), "new content, 25 bytes....");
        tree.file("etc/added.conf", "a".repeat(2048));
        TreeListing before = TreeListing.of(store);

        KaizenProcess.Result dry = snapshot(source, store, TODAY, "--dry-run");

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(TreeListing.of(store).differences(before)).as("a dry run writes nothing in the store").isEmpty();
        assertThat(store.resolve(TODAY.toString())).doesNotExist();
        assertThat(dry.stdout()).contains("dry run: snapshot " + TODAY + " in " + store
                        + ", hard-linking unchanged files to " + TODAY.minusDays(1))
                .containsPattern("link +2\\.9 KiB  " + source + "/etc/same.conf\n")
                .containsPattern("copy +25 B  " + source + "/etc/changed.conf\n")
                .containsPattern("copy +2\\.0 KiB  " + source + "/etc/added.conf\n")
                .containsPattern("copy +0 B  " + source + "/etc/current\n")
                .containsPattern("exclude +  " + source + "/cache\n")
                .containsPattern("exclude +  " + source + "/etc/scratch.tmp\n")
                .doesNotContain("big.bin")
                .contains("dry run of snapshot " + TODAY + ": would copy 3 files (2.0 KiB), hard-link 1 files (2.9 KiB), "
                        + "exclude 2 entries; nothing written");
        assertThat(dry.stderr()).isEmpty();

        KaizenProcess.Result json = snapshot(source, store, TODAY, "--dry-run", "--json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(TreeListing.of(store).differences(before)).isEmpty();
        JsonNode plan = JSON.readTree(json.stdout());
        assertThat(plan.at("/snapshot").asText()).isEqualTo(TODAY.toString());
        assertThat(plan.at("/linkDests/0").asText()).isEqualTo(store.resolve(TODAY.minusDays(1).toString()).toUri().toString());
        JsonNode planned = plan.at("/sources/0");
        assertThat(planned.at("/filesCopied").asLong()).isEqualTo(3);
        assertThat(planned.at("/bytesCopied").asLong()).isEqualTo(25 + 2048);
        assertThat(planned.at("/filesLinked").asLong()).isEqualTo(1);
        assertThat(planned.at("/bytesLinked").asLong()).isEqualTo(3000);
        assertThat(planned.at("/excluded").asLong()).isEqualTo(2);
        List<String> actions = new ArrayList<>();
        planned.at("/entries").forEach(e -> actions.add(e.at("/action").asText() + " " + e.at("/path").asText()));
        assertThat(actions).containsExactly("EXCLUDE " + source + "/cache", "COPY " + source + "/etc/added.conf",
                "COPY " + source + "/etc/changed.conf", "COPY " + source + "/etc/current",
                "LINK " + source + "/etc/same.conf", "EXCLUDE " + source + "/etc/scratch.tmp");
    }

    @Test
    void snapshotDryRunIntoANewStoreCreatesNothingAndCopiesEverything() throws Exception {
        Path source = temp.resolve("src");
        TreeBuilder.at(source).file("a", "12345").file("d/b", "1234567890");
        Path store = temp.resolve("new-store");
        Path config = Files.writeString(temp.resolve("node.yaml"), "store: " + store + "\nsources:\n  - path: "
                + source + "\n  - dump: db\n    command: [sh, -c, 'echo run']\n");

        KaizenProcess.Result dry = kaizen(TODAY, "snapshot", "--config", config.toString(), "--dry-run");

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(store).as("no store, no lock, no last-run record").doesNotExist();
        assertThat(dry.stdout()).contains("(first snapshot: full copy)")
                .containsPattern("copy +5 B  " + source + "/a\n").containsPattern("copy +10 B  " + source + "/d/b\n")
                .containsPattern("dump +  dumps/db\n")
                .contains("path " + source + ": would copy 2 files (15 B), hard-link 0 (0 B), exclude 0, 2 dirs");
    }

    @Test
    void pruneDryRunPrintsThePlanWithReasonsAndDeletesNothing() throws Exception {
        Path source = temp.resolve("src");
        Path store = temp.resolve("store");
        TreeBuilder.at(source).file("f", "content");
        for (int d = 5; d >= 1; d--) {
            KaizenProcess.Result made = snapshot(source, store, TODAY.minusDays(d));
            assertThat(made.exitCode()).as(made.toString()).isZero();
        }
        Files.createDirectories(store.resolve(TODAY + ".partial"));
        TreeListing before = TreeListing.of(store, STORE_METADATA);

        KaizenProcess.Result dry = kaizen(TODAY, "prune", "--dest", store.toString(), "--keep-days", "3", "--dry-run");

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(TreeListing.of(store, STORE_METADATA).differences(before)).as("nothing deleted").isEmpty();
        assertThat(dry.stdout()).startsWith("plan (dry run, nothing deleted) for " + store + " with ")
                .containsPattern("  keep   " + TODAY.minusDays(1) + "  \\S")
                .containsPattern("  keep   " + TODAY.minusDays(2) + "  \\S")
                .containsPattern("  delete " + TODAY.minusDays(4) + "  \\S")
                .containsPattern("  delete " + TODAY.minusDays(3) + "  \\S")
                .containsPattern("  delete " + TODAY.minusDays(5) + "  \\S")
                .contains("  would remove leftover " + TODAY + ".partial");

        KaizenProcess.Result json = kaizen(TODAY, "prune", "--dest", store.toString(), "--keep-days", "3", "--dry-run",
                "--json");
        assertThat(TreeListing.of(store, STORE_METADATA).differences(before)).isEmpty();
        JsonNode plan = JSON.readTree(json.stdout());
        assertThat(plan.at("/dryRun").asBoolean()).isTrue();
        assertThat(plan.at("/decisions")).hasSize(5);
        assertThat(plan.at("/leftovers/0").asText()).isEqualTo(TODAY + ".partial");
    }
}
