package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.testing.PrometheusFormat;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import io.kaizen.backup.testing.XfsImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk-space guard on a store of a fixed size (a loop-mounted 320 MiB file system): a run that would leave less
 * than the free-space floor, by the estimate from the runs before it, does not start (exit 1, the numbers on
 * stderr, no snapshot, no partial, recorded as failed in last-run.json); one that would leave enough runs; status
 * and its metrics report the free space.
 */
class DiskSpaceGuardIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate DAY = LocalDate.of(2026, 6, 10);
    private static final long MIB = 1 << 20;

    @TempDir
    Path tmp;

    private static KaizenProcess.Result kaizen(LocalDate date, String... args) {
        return InProcess.run(InProcess.at(date), args);
    }

    private KaizenProcess.Result snapshot(Path source, Path store, LocalDate date, long floor) {
        return kaizen(date, "snapshot", "--source", source.toString(), "--dest", store.toString(),
                "--free-space-floor", Long.toString(floor));
    }

    @Test
    void aRunThatWouldGoBelowTheFloorDoesNotStartAndStatusReportsTheFreeSpace() throws Exception {
        Path source = tmp.resolve("src");
        TreeBuilder tree = TreeBuilder.at(source);
        byte[] content = new byte[(int) MIB];
        Random random = new Random(7);
        for (int i = 0; i < 8; i++) {
            random.nextBytes(content);
            tree.file(("f" + i).getBytes(), content);
        }
        try (XfsImage fs = XfsImage.create(320 * MIB)) {
            Path store = fs.mountPoint().resolve("store");
            KaizenProcess.Result first = kaizen(DAY.minusDays(1), "snapshot", "--source", source.toString(), "--dest",
                    store.toString());
            assertThat(first.exitCode()).as("the first run, default floor (5 %%)\n%s", first).isZero();
            long written = JSON.readTree(store.resolve(DAY.minusDays(1) + "/.kaizen/manifest.json").toFile())
                    .at("/counts/bytesCopied").asLong();
            assertThat(written).as("8 files of 1 MiB, and backup.info").isBetween(8 * MIB, 8 * MIB + 4096);
            long free = Files.getFileStore(store).getUsableSpace();
            TreeListing before = TreeListing.of(store, Set.of(".kaizen"));

            KaizenProcess.Result refused = snapshot(source, store, DAY, free - written / 2);

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.stderr()).contains("kaizen snapshot: FAILED: snapshot " + DAY + " in " + store
                    + " not started: not enough free space: " + String.format("%.1f MiB free", free / (double) MIB))
                    .contains("recent runs wrote up to 8.0 MiB, which would leave "
                            + String.format("%.1f MiB", (free - written) / (double) MIB))
                    .contains("under the free-space floor of " + (free - written / 2) + " bytes");
            assertThat(TreeListing.of(store, Set.of(".kaizen")).differences(before)).as("no snapshot, no partial")
                    .isEmpty();
            JsonNode lastRun = JSON.readTree(store.resolve(".kaizen/last-run.json").toFile());
            assertThat(lastRun.at("/status").asText()).isEqualTo("failed");
            assertThat(lastRun.at("/message").asText()).contains("not enough free space");

            Path metrics = tmp.resolve("kaizen.prom");
            KaizenProcess.Result status = kaizen(DAY, "status", "--dest", store.toString(), "--prometheus",
                    metrics.toString());
            long freeNow = Files.getFileStore(store).getUsableSpace();
            assertThat(status.stdout()).contains("free space: " + Formats.size(freeNow) + " of "
                    + Formats.size(Files.getFileStore(store).getTotalSpace()));
            Map<String, Double> series = PrometheusFormat.parse(Files.readString(metrics));
            String labels = "{node=\"" + store.getFileName() + "\",store=\"" + store + "\"}";
            assertThat(series.keySet()).anyMatch(k -> k.startsWith("kaizen_store_free_bytes{"));
            assertThat(series.entrySet().stream().filter(e -> e.getKey().startsWith("kaizen_store_free_bytes{"))
                    .findFirst().orElseThrow().getValue()).as(labels).isEqualTo((double) freeNow);
            KaizenProcess.Result json = kaizen(DAY, "status", "--dest", store.toString(), "--json");
            assertThat(JSON.readTree(json.stdout()).at("/freeBytes").asLong()).isEqualTo(freeNow);

            KaizenProcess.Result allowed = snapshot(source, store, DAY, free - 2 * written);
            assertThat(allowed.exitCode()).as("a floor the estimate leaves room for\n%s", allowed).isZero();
            assertThat(store.resolve(DAY.toString())).isDirectory();
        }
    }

    @Test
    void theFloorFromTheConfigApplies() throws Exception {
        Path source = TreeBuilder.at(tmp.resolve("src")).file("a", "a").root();
        Path store = tmp.resolve("store");
        Path config = Files.writeString(tmp.resolve("node.yaml"), "store: " + store + "\nsources: [{path: " + source
                + "}]\nfree-space-floor: 100%\n");
        KaizenProcess.Result refused = kaizen(DAY, "snapshot", "--config", config.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.stderr()).contains("under the free-space floor of 100 %");
        List<String> args = new ArrayList<>(List.of("snapshot", "--config", config.toString(), "--free-space-floor",
                "0%"));
        KaizenProcess.Result overridden = kaizen(DAY, args.toArray(String[]::new));
        assertThat(overridden.exitCode()).as("the option overrides the file\n%s", overridden).isZero();
    }
}
