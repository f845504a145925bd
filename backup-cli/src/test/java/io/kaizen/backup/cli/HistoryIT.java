package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kaizen diff} and {@code kaizen log} on a store made by {@code kaizen snapshot}: three days, the third
 * made by a run whose dump source failed (a complete snapshot with status failed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 10);
    private static final String D1 = TODAY.minusDays(3).toString();
    private static final String D2 = TODAY.minusDays(2).toString();
    private static final String D3 = TODAY.minusDays(1).toString();

    @TempDir
    static Path tmp;
    private Path source;
    private Path store;

    /** Runs kaizen in-process, at 02:30 UTC on {@link #TODAY}. */
    private static KaizenProcess.Result kaizen(String... args) {
        return InProcess.run(InProcess.at(TODAY), args);
    }

    @BeforeAll
    void threeSnapshots() throws Exception {
        source = tmp.resolve("src");
        store = tmp.resolve("store");
        TreeBuilder tree = TreeBuilder.at(source).file("etc/nova/nova.conf", "v1").file("etc/nova/api.conf", "api")
                .file("etc/keystone/keystone.conf", "k").symlink("etc/nova/link", "nova.conf");
        assertThat(snapshot(D1, "--source", source.toString()).exitCode()).isZero();
        Files.delete(source.resolve("etc/nova/api.conf"));
        tree.file("etc/nova/nova.conf", "v2, longer").file("etc/nova/new.conf", "new");
        assertThat(snapshot(D2, "--source", source.toString()).exitCode()).isZero();
        tree.file("etc/nova/nova.conf", "v1").mtime("etc/nova/nova.conf", InProcess.at(TODAY.minusDays(2)).instant());
        Path failing = Files.writeString(tmp.resolve("failing.yaml"), "store: " + store + "\nsources:\n  - path: "
                + source + "\n  - dump: db\n    command: ['false']\n");
        KaizenProcess.Result failed = snapshot(D3, "--config", failing.toString());
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(store.resolve(D3)).as("a failed run with no snapshot of its date commits one").isDirectory();
    }

    private KaizenProcess.Result snapshot(String date, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("snapshot", "--date", date));
        command.addAll(List.of(args));
        if (!command.contains("--config")) {
            command.addAll(List.of("--dest", store.toString()));
        }
        return kaizen(command.toArray(String[]::new));
    }

    private String onNode(String relative) {
        return source.resolve(relative).toString();
    }

    @Test
    void diffListsAddedRemovedAndChangedFilesWithSizes() throws Exception {
        KaizenProcess.Result diff = kaizen("diff", "--dest", store.toString(), D1, D2, "--json");
        assertThat(diff.exitCode()).as(diff.toString()).isZero();
        JsonNode report = JSON.readTree(diff.stdout());
        List<String> files = new ArrayList<>();
        report.get("files").forEach(f -> files.add(f.get("change").asText() + " " + f.get("path").asText() + " "
                + f.get("sizeBefore").asText() + " " + f.get("sizeAfter").asText()));
        assertThat(files).containsExactly(
                "removed " + onNode("etc/nova/api.conf") + " 3 null",
                "added " + onNode("etc/nova/new.conf") + " null 3",
                "changed " + onNode("etc/nova/nova.conf") + " 2 10");
        assertThat(report.get("added").asLong()).isEqualTo(1);
        assertThat(report.get("notes")).isEmpty();

        KaizenProcess.Result text = kaizen("diff", "--dest", store.toString(), D1, "latest",
                "--path", onNode("etc/keystone"));
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.stdout()).contains("0 added, 0 removed, 0 changed").doesNotContain("nova");
    }

    @Test
    void aSnapshotOfAFailedRunIsNoted() throws Exception {
        KaizenProcess.Result diff = kaizen("diff", "--dest", store.toString(), D2, D3);
        assertThat(diff.exitCode()).as(diff.toString()).isZero();
        assertThat(diff.stdout()).containsPattern("changed +10 B +2 B +" + Pattern.quote(onNode("etc/nova/nova.conf")))
                .doesNotContain("removed ");
        assertThat(diff.stderr()).contains("note: snapshot " + D3 + " was made by a run that failed (dump db");
    }

    @Test
    void withoutItsSumsFileASnapshotIsHashedAndTheAnswerIsTheSame() throws Exception {
        Path copy = tmp.resolve("copy");
        assertThat(new ProcessBuilder("cp", "-a", store.toString(), copy.toString()).start().waitFor()).isZero();
        Files.delete(copy.resolve(D2).resolve(".kaizen/SHA256SUMS"));
        KaizenProcess.Result original = kaizen("diff", "--dest", store.toString(), D1, D2);
        KaizenProcess.Result hashed = kaizen("diff", "--dest", copy.toString(), D1, D2);
        assertThat(hashed.exitCode()).as(hashed.toString()).isZero();
        assertThat(hashed.stdout()).isEqualTo(original.stdout());
        assertThat(hashed.stderr()).contains("snapshot " + D2 + ": .kaizen/SHA256SUMS is missing or does not match");
    }

    @Test
    void logShowsOneLinePerVersionAndWhereTheFileWasAbsent() throws Exception {
        KaizenProcess.Result log = kaizen("log", "--dest", store.toString(), onNode("etc/nova/nova.conf"),
                "--json");
        assertThat(log.exitCode()).as(log.toString()).isZero();
        List<String> versions = new ArrayList<>();
        JSON.readTree(log.stdout()).get("versions").forEach(v -> versions.add(v.get("first").asText() + ".."
                + v.get("last").asText() + " " + v.get("size").asText()));
        assertThat(versions).containsExactly(D1 + ".." + D1 + " 2", D2 + ".." + D2 + " 10", D3 + ".." + D3 + " 2");
        JsonNode first = JSON.readTree(log.stdout()).at("/versions/0/sha256");
        JsonNode last = JSON.readTree(log.stdout()).at("/versions/2/sha256");
        assertThat(first.asText()).hasSize(64).isEqualTo(last.asText());

        KaizenProcess.Result removed = kaizen("log", "--dest", store.toString(), onNode("etc/nova/api.conf"));
        assertThat(removed.exitCode()).as(removed.toString()).isZero();
        assertThat(removed.stdout().lines().toList()).hasSize(3);
        assertThat(removed.stdout()).contains(D1 + "  " + D1 + "  1 ")
                .containsPattern(D2 + "  " + D3 + "  2 +- +absent \\(a run that failed\\)");
    }
}
