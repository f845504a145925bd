package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real {@code kaizen replicate} process at many points of its run. Each day a node gets a new
 * snapshot with 18 MiB of new content (two packs) and a replicate is killed: before it uploads, while a pack is
 * being written, between a pack and the root (after a pack, after the index). After every kill tier 3 lists no
 * problem and only snapshots whose root exists, and each listed snapshot is complete; the next run (the next
 * day's) completes what the killed one left. At the end everything is there, restores exactly, and no content
 * was stored twice (the packs hold no more bytes than the distinct content sent; a killed upload's staged file, a dot file the target
 * never lists, does not count), and the staged files that kills left were removed by the runs after them. Asserts
 * that its kills landed in every phase, so it cannot pass by missing.
 */
class OffsiteKillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIN_KILLS = 20;
    private static final int MAX_DAYS = 40;
    private static final int NEW_BYTES_PER_DAY = 18 << 20;
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 3, 1);

    /** Where a replicate was when it was killed, as seen in the target just after the kill. */
    enum Phase { BEFORE_UPLOAD, MID_UPLOAD, BETWEEN_PACK_AND_ROOT, AFTER_ROOT }

    @TempDir
    Path tmp;

    @Test
    void killedAnywhereTierThreeStaysReadableAndTheNextRunCompletesWithoutSendingAPackTwice() throws Exception {
        Path collector = tmp.resolve("collector");
        Path repository = tmp.resolve("offsite");
        Path config = Files.writeString(tmp.resolve("offsite.yaml"), "collector-store: " + collector + "\nkey: "
                + tmp.resolve("offsite.keyset") + "\ntarget: {directory: " + repository + "}\n");
        ok(FIRST_DAY, "offsite", "init", "--config", config.toString());
        Map<Phase, Integer> hits = new EnumMap<>(Phase.class);
        List<String> log = new ArrayList<>();
        long distinctBytes = 0;
        int kills = 0;
        int leftovers = 0;
        int day = 0;
        for (; day < MAX_DAYS && kills < MIN_KILLS; day++) {
            LocalDate date = FIRST_DAY.plusDays(day);
            String node = day % 2 == 0 ? "web-1" : "db-1";
            Path source = tmp.resolve("src-" + node);
            byte[] content = new byte[NEW_BYTES_PER_DAY];
            new Random(day).nextBytes(content);
            TreeBuilder.at(source).file("etc/day.conf", "day " + day + "\n")
                    .file("var/image".getBytes(StandardCharsets.UTF_8), content);
            distinctBytes += content.length;
            ok(date, "snapshot", "--source", source.toString(), "--dest", collector.resolve(node).toString(),
                    "--date", date.toString());

            Phase phase = killOneRun(config, repository, day);
            if (phase == null) {
                log.add("day " + day + ": finished before its kill");
                continue;
            }
            kills++;
            leftovers += staged(repository) ? 1 : 0;
            hits.merge(phase, 1, Integer::sum);
            log.add("day " + day + ": killed " + phase);
            assertReadable(config, repository, date, day % 3 == 0);
        }
        String report = "OffsiteKillIT: " + kills + " kills in " + day + " days, by phase " + hits + "\n"
                + String.join("\n", log);
        System.out.println(report);
        assertThat(kills).as(report).isGreaterThanOrEqualTo(MIN_KILLS);
        for (Phase phase : List.of(Phase.BEFORE_UPLOAD, Phase.MID_UPLOAD, Phase.BETWEEN_PACK_AND_ROOT)) {
            assertThat(hits.getOrDefault(phase, 0)).as("kills %s\n%s", phase, report).isPositive();
        }

        JsonNode last = JSON.readTree(ok(FIRST_DAY.plusDays(day), "replicate", "--config", config.toString(),
                "--json").stdout());
        assertThat(last.get("packsRecovered").asInt()).as(report).isGreaterThanOrEqualTo(0);
        assertThat(leftovers).as("kills that left a partial object\n%s", report).isPositive();
        assertThat(staged(repository)).as("partial objects left after the last run").isFalse();
        JsonNode listed = JSON.readTree(ok(FIRST_DAY.plusDays(day), "offsite", "list", "--config",
                config.toString(), "--json").stdout());
        assertThat(listed.get("snapshots")).hasSize(day);
        ok(FIRST_DAY.plusDays(day), "drill", "--offsite", "--config", config.toString(), "--sample", "100");
        String newest = FIRST_DAY.plusDays(day - 1).toString();
        String newestNode = (day - 1) % 2 == 0 ? "web-1" : "db-1";
        Path to = tmp.resolve("restored");
        ok(FIRST_DAY.plusDays(day), "restore", "--offsite", "--config", config.toString(), "--node", newestNode,
                "--snapshot", newest, "--path", "/", "--to", to.toString());
        assertThat(TreeListing.of(to).differences(TreeListing.of(collector.resolve(newestNode).resolve(newest))))
                .isEmpty();
        assertThat(packBytes(repository)).as("bytes in packs vs distinct content sent\n%s", report)
                .isLessThan(distinctBytes + (2L << 20));
    }

    /** Starts a replicate, kills it (-9) at the point chosen for {@code day}; the phase it was in, or null. */
    private static Phase killOneRun(Path config, Path repository, int day) throws Exception {
        Set<String> before = new HashSet<>(objects(repository));
        Path logs = Files.createTempDirectory("kaizen-offsite-kill");
        Process run = KaizenProcess.start(logs, KaizenProcess.QUICK_START, "replicate", "--config",
                config.toString());
        int point = day % 4;
        long delayMillis = 200 + 150L * (day % 5);
        long started = System.nanoTime();
        boolean reached = false;
        while (run.isAlive() && !reached) {
            assertThat(System.nanoTime() - started).as("replicate of day %d still running", day)
                    .isLessThan(TimeUnit.MINUTES.toNanos(5));
            List<String> now = objects(repository);
            long newData = now.stream().filter(k -> k.startsWith("data/") && !before.contains(k)).count();
            boolean staging = staged(repository);
            reached = switch (point) {
                case 0 -> System.nanoTime() - started > delayMillis * 1_000_000;
                case 1 -> staging;
                case 2 -> newData >= 1;
                default -> now.stream().anyMatch(k -> k.startsWith("index/") && !before.contains(k))
                        || (staging && newData >= 1);
            };
            if (!reached) {
                Thread.sleep(1);
            }
        }
        if (!run.isAlive()) {
            assertThat(run.exitValue()).as(Files.readString(logs.resolve("stderr"))).isZero();
            return null;
        }
        boolean staging = staged(repository);
        run.destroyForcibly();
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> after = objects(repository);
        List<String> added = after.stream().filter(k -> !before.contains(k)).toList();
        if (added.stream().anyMatch(k -> k.startsWith("roots/"))) {
            return Phase.AFTER_ROOT;
        }
        if (added.stream().anyMatch(k -> k.startsWith("data/") || k.startsWith("index/"))) {
            return Phase.BETWEEN_PACK_AND_ROOT;
        }
        return staging ? Phase.MID_UPLOAD : Phase.BEFORE_UPLOAD;
    }

    /** No problem listed, only snapshots whose root exists, and a drill of each node's newest passes. */
    private static void assertReadable(Path config, Path repository, LocalDate today, boolean drill)
            throws Exception {
        JsonNode listed = JSON.readTree(ok(today, "offsite", "list", "--config", config.toString(), "--json")
                .stdout());
        assertThat(listed.get("problems")).isEmpty();
        long roots = objects(repository).stream().filter(k -> k.startsWith("roots/")).count();
        assertThat(listed.get("snapshots")).hasSize((int) roots);
        if (drill && roots > 0) {
            ok(today, "drill", "--offsite", "--config", config.toString(), "--sample", "20");
        }
    }

    private static KaizenProcess.Result ok(LocalDate today, String... args) {
        KaizenProcess.Result run = InProcess.run(InProcess.at(today), args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    private static boolean staged(Path repository) {
        try (Stream<Path> files = Files.walk(repository)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith(".incoming-"));
        } catch (IOException | UncheckedIOException vanishedMidWalk) {
            return false;
        }
    }

    private static List<String> objects(Path repository) {
        try (Stream<Path> files = Files.walk(repository)) {
            return files.filter(Files::isRegularFile).map(f -> repository.relativize(f).toString())
                    .filter(k -> !k.contains("/.") && !k.startsWith(".")).toList();
        } catch (IOException | UncheckedIOException vanishedMidWalk) {
            return objects(repository);
        }
    }

    private static long packBytes(Path repository) throws IOException {
        try (Stream<Path> files = Files.walk(repository.resolve("data"))) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
