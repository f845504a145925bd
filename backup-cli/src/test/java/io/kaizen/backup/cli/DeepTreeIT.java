package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.testing.Commands;
import io.kaizen.backup.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trees deeper than {@code PATH_MAX} (200 levels of 24-byte names: about 5,000 bytes): a run whose source holds
 * one fails, and neither its own partial snapshot nor a deep leftover of a killed run may jam the store. Kaizen
 * removes them by descriptor-relative deletion, as {@code rm -rf} does, so the next run and {@code prune} succeed
 * and no {@code .partial} remains.
 */
class DeepTreeIT {
    private static final int LEVELS = 200;
    private static final String NAME = "level-with-24-byte-name-";

    private Path temp;
    private Path deepSource;

    @BeforeEach
    void makeTemp() throws Exception {
        temp = Files.createTempDirectory(Path.of("/tmp"), "kaizen-deep");
    }

    /** With {@code rm -rf}: JUnit's own temporary directories are removed by absolute paths. */
    @AfterEach
    void removeDeepTrees() {
        Commands.removeTree(temp);
    }

    @Test
    void deepPartialsNeverJamTheStore() throws Exception {
        deepSource = temp.resolve("deep");
        Files.createDirectories(deepSource);
        deepen(deepSource);
        Path source = temp.resolve("src");
        TreeBuilder.at(source).file("etc/app.conf", "setting = 1\n");
        Path store = temp.resolve("store");

        KaizenProcess.Result deep = snapshot("rsync", deepSource, store, "2026-05-01");
        assertThat(deep.exitCode()).as("a run whose source is deeper than PATH_MAX\n%s", deep).isEqualTo(1);
        assertThat(deep.stderr()).as("the failed run removed its partial snapshot\n%s", deep)
                .doesNotContain("could not remove");
        assertThat(partials(store)).as("partials after the failed run").isEmpty();

        plantDeepPartial(store, "2026-05-01");
        KaizenProcess.Result next = snapshot("java", source, store, "2026-05-02");
        assertThat(next.exitCode()).as("the next run, with a deep leftover in the store\n%s", next).isZero();
        assertThat(partials(store)).as("partials after the next run").isEmpty();

        plantDeepPartial(store, "2026-05-03");
        KaizenProcess.Result prune = InProcess.run(InProcess.at(LocalDate.parse("2026-05-03")), "prune", "--dest",
                store.toString(), "--keep-days", "30");
        assertThat(prune.exitCode()).as("prune, with a deep leftover in the store\n%s", prune).isZero();
        assertThat(partials(store)).as("partials after prune").isEmpty();
        assertThat(store.resolve("2026-05-02/.kaizen/manifest.json")).as("the next run's snapshot").exists();
    }

    private static KaizenProcess.Result snapshot(String engine, Path source, Path store, String date) {
        return InProcess.run(InProcess.at(LocalDate.parse(date)), "snapshot", "--engine", engine, "--source",
                source.toString(), "--dest", store.toString(), "--date", date);
    }

    /** A partial snapshot as a killed rsync run leaves it: the deep source copied as far as it got. */
    private void plantDeepPartial(Path store, String date) throws Exception {
        deepen(Files.createDirectories(store.resolve(date + ".partial").resolve(deepSource.toString().substring(1))));
    }

    /** Makes {@link #LEVELS} nested directories below {@code dir} and a file at the bottom, by relative paths. */
    private static void deepen(Path dir) {
        String script = "for i in $(seq " + LEVELS + "); do mkdir " + NAME + " && cd " + NAME + " || exit 1; done;"
                + " echo bottom > file";
        Commands.run(List.of("bash", "-c", "cd '" + dir + "' && " + script), Map.of(), null, 120);
    }

    private static List<Path> partials(Path store) throws Exception {
        try (Stream<Path> entries = Files.list(store)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".partial")).toList();
        }
    }
}
