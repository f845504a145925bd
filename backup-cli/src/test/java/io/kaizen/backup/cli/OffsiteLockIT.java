package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.config.ConfigLoader;
import io.kaizen.backup.store.StoreLock;
import io.kaizen.backup.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer at a time at tier 3: while the repository's lock is held, kaizen replicate and kaizen offsite prune
 * exit 1 naming the holder and change nothing; once it is released, both run.
 */
class OffsiteLockIT {
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 10);

    @TempDir
    Path tmp;

    private KaizenProcess.Result kaizen(String... args) {
        return InProcess.run(InProcess.at(TODAY), args);
    }

    @Test
    void replicateAndPruneWaitForNobodyTheyExitOneNamingTheHolder() throws Exception {
        Path collector = tmp.resolve("collector");
        Path repository = tmp.resolve("offsite");
        Path key = tmp.resolve("offsite.keyset");
        Path config = Files.writeString(tmp.resolve("offsite.yaml"), "collector-store: " + collector + "\nkey: " + key
                + "\ntarget:\n  directory: " + repository + "\nretention: {keep-days: 5}\n");
        Path source = TreeBuilder.at(tmp.resolve("src")).file("etc/app.conf", "web-1\n").root();
        assertThat(kaizen("snapshot", "--source", source.toString(), "--dest", collector.resolve("web-1").toString(),
                "--date", "2026-06-09").exitCode()).isZero();
        assertThat(kaizen("offsite", "init", "--config", config.toString()).exitCode()).isZero();
        List<String> empty = objects(repository);

        StoreLock.Holder holder = new StoreLock.Holder(4242, "other-host", Instant.parse("2026-06-10T01:00:00Z"), null);
        try (StoreLock held = ConfigLoader.loadOffsite(config).lock(holder, w -> { })) {
            for (String[] command : List.of(new String[] {"replicate", "--config", config.toString()},
                    new String[] {"offsite", "prune", "--config", config.toString()})) {
                KaizenProcess.Result refused = kaizen(command);
                assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
                assertThat(refused.stderr()).contains("locked by pid 4242 on host other-host")
                        .contains(key + ".lock");
            }
            assertThat(objects(repository)).isEqualTo(empty);
            assertThat(collector.resolve("web-1/.kaizen/offsite-confirmed")).doesNotExist();
        }

        KaizenProcess.Result replicated = kaizen("replicate", "--config", config.toString());
        assertThat(replicated.exitCode()).as(replicated.toString()).isZero();
        assertThat(objects(repository)).hasSizeGreaterThan(empty.size());
        KaizenProcess.Result pruned = kaizen("offsite", "prune", "--config", config.toString());
        assertThat(pruned.exitCode()).as(pruned.toString()).isZero();
        assertThat(pruned.stderr()).doesNotContain("took over");
    }

    private static List<String> objects(Path repository) throws Exception {
        try (Stream<Path> files = Files.walk(repository)) {
            return new ArrayList<>(files.filter(Files::isRegularFile).map(f -> repository.relativize(f).toString())
                    .sorted().toList());
        }
    }
}
