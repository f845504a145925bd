package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention never deletes after a failed run (docs/ARCHITECTURE.md, invariant 3), and a failed run never replaces a
 * complete snapshot of its date (docs/FORMAT.md). The failing source is a dump whose command is {@code false}.
 *
 * <p>Each run happens at 02:30 on its date (a fixed clock, in-process): the successful snapshots are 40 and 39
 * days older than the last failed run and keep-days is 2, so a retention that ran after any failed run would delete
 * the older one (the newer is the newest successful snapshot, which retention always keeps). The control: a
 * successful run with the same retention on the same store, the day after, does delete it.
 */
class FailingRunsIT {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 10);
    private static final String RETENTION = "retention:\n"
            + "  keep-days: 2\n"
            + "  min-keep: 1\n";

    @TempDir
    Path temp;

    private Path source;
    private Path store;
    private Path good;
    private Path failing;
    private Path goodWithRetention;

    @BeforeEach
    void sourceAndConfigs() throws IOException {
        source = temp.resolve("src");
        store = temp.resolve("store");
        TreeBuilder tree = TreeBuilder.at(source);
        for (int i = 0; i < 100; i++) {
            tree.file("conf/f" + i + ".conf", "key" + i + " = " + i + "\n");
        }
        tree.symlink("conf/current", "f0.conf").dir("empty");
        String goodConfig = "store: " + store + "\n"
                + "sources:\n"
                + "  - path: " + source + "\n"
                + "  - dump: db\n"
                + "    command: [sh, -c, 'echo dump of the database']\n";
        good = Files.writeString(temp.resolve("good.yaml"), goodConfig);
        goodWithRetention = Files.writeString(temp.resolve("good-with-retention.yaml"), goodConfig + RETENTION);
        failing = Files.writeString(temp.resolve("failing.yaml"), "store: " + store + "\n"
                + "sources:\n"
                + "  - path: " + source + "\n"
                + "  - dump: db\n"
                + "    command: ['false']\n"
                + RETENTION);
    }

    @Test
    void tenDaysOfFailedRunsDeleteNothingAndTheNextSuccessfulRunPrunes() throws Exception {
        LocalDate today = TODAY;
        for (int d = 40; d >= 39; d--) {
            KaizenProcess.Result ok = snapshot(good, today.minusDays(d));
            assertThat(ok.exitCode()).as("successful run %s\n%s", today.minusDays(d), ok).isZero();
        }
        Map<String, TreeListing> successful = listings();
        assertThat(successful).hasSize(2);

        for (int d = 9; d >= 0; d--) {
            String date = today.minusDays(d).toString();
            Map<String, TreeListing> before = listings();
            TreeBuilder.at(source).file("conf/changed-on-" + date, date + "\n");

            KaizenProcess.Result failed = snapshot(failing, today.minusDays(d));

            assertThat(failed.exitCode()).as("failing run %s\n%s", date, failed).isEqualTo(1);
            assertThat(failed.stderr()).as("stderr of the failing run %s", date)
                    .contains("dump db").contains("'false' exited with 1");
            assertThat(failed.stdout()).as("failing run %s prunes nothing", date).doesNotContain("pruned");
            Map<String, TreeListing> after = listings();
            assertThat(after.keySet()).as("snapshots after the failing run %s", date)
                    .containsAll(before.keySet());
            before.forEach((name, listing) -> assertThat(after.get(name).differences(listing))
                    .as("snapshot %s after the failing run %s", name, date).isEmpty());
            Path committed = store.resolve(date);
            assertThat(status(committed)).as("the failing run's own snapshot %s", date).isEqualTo("failed");
            assertThat(committed.resolve("dumps/db")).as("a failed dump is not kept").doesNotExist();
            assertThat(committed.resolve(source.toString().substring(1)).resolve("conf/changed-on-" + date))
                    .as("the path source that worked is in the failed snapshot").hasContent(date + "\n");
            KaizenProcess.assertSha256sumCheck(committed, "");
        }

        Map<String, TreeListing> end = listings();
        assertThat(end).as("2 successful and 10 failed snapshots").hasSize(12);
        successful.forEach((name, listing) -> {
            assertThat(end).containsKey(name);
            assertThat(end.get(name).differences(listing)).as("successful snapshot %s at the end", name).isEmpty();
        });

        String oldest = today.minusDays(40).toString();
        KaizenProcess.Result control = snapshot(goodWithRetention, today.plusDays(1));
        assertThat(control.exitCode()).as("successful run with the same retention, the day after\n%s", control)
                .isZero();
        assertThat(control.stdout()).as("the successful run prunes").contains("pruned");
        assertThat(store.resolve(oldest)).as("the 40-day-old snapshot after a successful run").doesNotExist();
        assertThat(listings()).as("snapshots after the successful run").doesNotContainKey(oldest)
                .containsKey(today.plusDays(1).toString());
    }

    @Test
    void failedRunOnADateWithACompleteSnapshotLeavesThatSnapshotAsItWas() throws Exception {
        LocalDate date = TODAY.minusDays(1);
        KaizenProcess.Result ok = snapshot(good, date);
        assertThat(ok.exitCode()).as("successful run\n%s", ok).isZero();
        Path snapshot = store.resolve(date.toString());
        TreeListing before = TreeListing.of(snapshot);
        TreeBuilder.at(source).file("conf/new-after-the-good-run", "new\n");

        KaizenProcess.Result failed = snapshot(failing, date);

        assertThat(failed.exitCode()).as("failing run on the same date\n%s", failed).isEqualTo(1);
        assertThat(failed.stderr()).contains("dump db").contains("'false' exited with 1");
        assertThat(TreeListing.of(snapshot).differences(before)).as("the complete snapshot %s", date).isEmpty();
        assertThat(status(snapshot)).isEqualTo("succeeded");
        assertThat(snapshot.resolve("dumps/db")).hasContent("dump of the database\n");
        try (Stream<Path> entries = Files.list(store)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .as("nothing but the snapshot and the metadata")
                    .containsExactlyInAnyOrder(date.toString(), ".kaizen");
        }
        KaizenProcess.Result verify = InProcess.run(InProcess.at(date), "verify", "--dest", store.toString(),
                date.toString());
        assertThat(verify.exitCode()).as("kaizen verify\n%s", verify).isZero();
    }

    private static KaizenProcess.Result snapshot(Path config, LocalDate date) {
        return InProcess.run(InProcess.at(date), "snapshot", "--engine", "rsync", "--config", config.toString(),
                "--date", date.toString());
    }

    /** The date-named directories of the store with their listings (manifest and sums included). */
    private Map<String, TreeListing> listings() throws IOException {
        Map<String, TreeListing> listings = new TreeMap<>();
        try (Stream<Path> entries = Files.list(store)) {
            entries.filter(p -> DATE.matcher(p.getFileName().toString()).matches())
                    .forEach(p -> listings.put(p.getFileName().toString(), TreeListing.of(p)));
        }
        return listings;
    }

    private static String status(Path snapshot) throws IOException {
        JsonNode manifest = JSON.readTree(snapshot.resolve(".kaizen/manifest.json").toFile());
        assertThat(manifest.path("snapshot").asText()).isEqualTo(snapshot.getFileName().toString());
        return manifest.path("status").asText();
    }
}
