package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore drill on a store made by {@code kaizen snapshot}: a sample restored through the restore code path
 * matches its sums; a file corrupted in the store is found (exit 1) and named; the same seed gives the same sample.
 */
class DrillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 10);
    private static final String DATE = TODAY.minusDays(1).toString();

    @TempDir
    Path tmp;
    private Path source;
    private Path store;

    /** Runs kaizen in-process, at 02:30 UTC on {@link #TODAY}. */
    private static KaizenProcess.Result kaizen(String... args) {
        return InProcess.run(InProcess.at(TODAY), args);
    }

    @BeforeEach
    void aSnapshotOfFiftyFiles() throws Exception {
        source = tmp.resolve("src");
        store = tmp.resolve("store");
        TreeBuilder tree = TreeBuilder.at(source).symlink("etc/link", "f0.conf").dir("var/empty");
        for (int i = 0; i < 50; i++) {
            tree.file("etc/f" + i + ".conf", "setting " + i + "\n").mode("etc/f" + i + ".conf", i % 2 == 0 ? 0600 : 0644);
        }
        KaizenProcess.Result run = kaizen("snapshot", "--source", source.toString(), "--dest", store.toString(),
                "--date", DATE);
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    private static List<Path> scratchDirs() throws Exception {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("kaizen-drill-")).toList();
        }
    }

    @Test
    void aSampleRestoresIntactTheSameSeedGivesTheSameSampleAndNothingIsLeftBehind() throws Exception {
        List<Path> scratchBefore = scratchDirs();
        KaizenProcess.Result drill = kaizen("drill", "--dest", store.toString(), "--sample", "20", "--seed", "7",
                "--json");
        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        JsonNode report = JSON.readTree(drill.stdout());
        assertThat(report.at("/seed").asLong()).isEqualTo(7);
        assertThat(report.at("/stores/0/snapshot").asText()).isEqualTo(DATE);
        assertThat(report.at("/stores/0/listed").asLong()).as("50 files and backup.info").isEqualTo(51);
        assertThat(report.at("/stores/0/sampled").asInt()).isEqualTo(20);
        assertThat(report.at("/stores/0/matched").asInt()).isEqualTo(20);
        assertThat(report.at("/stores/0/problems")).isEmpty();
        assertThat(scratchDirs()).as("the scratch copy is removed").isEqualTo(scratchBefore);

        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        KaizenProcess.Result text = kaizen("drill", "--dest", store.toString(), "--sample", "20", "--seed", "7",
                "--scratch", scratch.toString());
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.stdout()).contains("ok, 20 of 51 files restored and match their sums",
                "kaizen drill --seed 7 replays this sample");
        try (Stream<Path> left = Files.list(scratch)) {
            assertThat(left).as("the scratch copy in --scratch is removed").isEmpty();
        }
    }

    @Test
    void aFileCorruptedInTheStoreIsFoundAndNamed() throws Exception {
        Path inStore = store.resolve(DATE).resolve(source.toString().substring(1)).resolve("etc/f17.conf");
        Files.writeString(inStore, "setting X\n");
        KaizenProcess.Result drill = kaizen("drill", "--dest", store.toString(), "--sample", "100");
        assertThat(drill.exitCode()).as(drill.toString()).isEqualTo(1);
        assertThat(drill.stderr()).contains("restored content differs from its sum: " + source + "/etc/f17.conf")
                .contains("FAILED, 50 of 51 sampled files restored intact");
    }

    @Test
    void aFileMissingFromTheStoreIsFound() throws Exception {
        Files.delete(store.resolve(DATE).resolve(source.toString().substring(1)).resolve("etc/f3.conf"));
        KaizenProcess.Result drill = kaizen("drill", "--dest", store.toString(), "--sample", "100");
        assertThat(drill.exitCode()).as(drill.toString()).isEqualTo(1);
        assertThat(drill.stderr()).contains("not restored: " + source + "/etc/f3.conf");
    }
}
