package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.testing.Ports;
import io.kaizen.backup.testing.TreeBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kaizen report} on a collector store made by real runs: nodes' snapshots taken by {@code kaizen snapshot}
 * straight into {@code DEST/NODE} (the collector layout: a copy is the node's snapshot as the node made it), one
 * of them failed by a failing dump, and a node whose {@code kaizen collect} failed (nothing listens on its port).
 * The page is rendered by headless Chromium and its DOM checked cell by cell; a phone-sized screenshot is taken
 * ({@code target/report.png}, the README's picture).
 */
class ReportIT {
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 10);
    private static final Pattern ROW = Pattern.compile("<tr class=\"node[^>]*data-node=\"([^\"]+)\"[^>]*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td class=\"cell [a-z]+\" data-date=\"([0-9-]+)\" data-state=\"([a-z]+)\"");

    @TempDir
    Path tmp;

    private static void ok(KaizenProcess.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    /** Runs kaizen in-process at 02:30 UTC on {@code day}. */
    private static KaizenProcess.Result kaizen(LocalDate day, String... args) {
        return InProcess.run(InProcess.at(day), args);
    }

    private void snapshot(Path source, Path dest, String node, LocalDate day) {
        ok(kaizen(day, "snapshot", "--source", source.toString(), "--dest", dest.resolve(node).toString(), "--host",
                node, "--date", day.toString()));
    }

    @Test
    void theRenderedPageShowsEveryNodeAndDayAsTheStoreHoldsThem() throws Exception {
        Path dest = tmp.resolve("backups");
        Path etc = tmp.resolve("etc");
        TreeBuilder.at(etc).file("nova/nova.conf", "[DEFAULT]\n").file("keystone/keystone.conf", "x".repeat(200_000));

        snapshot(etc, dest, "controller-1", TODAY.minusDays(5));
        snapshot(etc, dest, "controller-1", TODAY.minusDays(4));
        Path config = tmp.resolve("controller-1.yaml");
        Files.writeString(config, "store: " + dest.resolve("controller-1") + "\nhost: controller-1\nsources:\n"
                + "  - path: " + etc + "\n"
                + "  - dump: mysql-all.sql\n"
                + "    command: [sh, -c, \"echo 'mysqldump: Access denied for user root' >&2; exit 2\"]\n");
        KaizenProcess.Result failed = kaizen(TODAY.minusDays(3), "snapshot", "--config", config.toString(), "--date", TODAY.minusDays(3).toString());
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);

        Path key = tmp.resolve("id_ed25519");
        assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start().waitFor()).isZero();
        Files.writeString(tmp.resolve("known_hosts"), "");
        Path unreachable = tmp.resolve("unreachable.yaml");
        Files.writeString(unreachable, "nodes:\n  - {name: compute-2, host: 127.0.0.1, port: " + Ports.free() + "}\n");
        KaizenProcess.Result collect = kaizen(TODAY, "collect", "--inventory", unreachable.toString(), "--dest", dest.toString(),
                "--identity", key.toString(), "--known-hosts", tmp.resolve("known_hosts").toString(), "--connect-timeout", "5s");
        assertThat(collect.exitCode()).as(collect.toString()).isEqualTo(1);

        for (int daysAgo : new int[] {4, 2, 1, 0}) {
            Files.writeString(etc.resolve("nova/nova.conf"), "[DEFAULT]\nday = " + daysAgo + "\n" + "y".repeat(10_000 * (5 - daysAgo)));
            TreeBuilder.at(etc).mtime("nova/nova.conf", InProcess.at(TODAY.minusDays(daysAgo)).instant().minusSeconds(3600));
            snapshot(etc, dest, "compute-1", TODAY.minusDays(daysAgo));
        }

        Path inventory = tmp.resolve("nodes.yaml");
        Files.writeString(inventory, "nodes:\n  - {name: compute-1, host: 10.0.0.11}\n  - {name: controller-1, host: 10.0.0.10}\n"
                + "  - {name: compute-2, host: 10.0.0.12}\n");
        // Every run finishes at 02:30 on its date and the report runs at 02:30 today: compute-1's newest good copy
        // is 0 days old, controller-1's 4 days; a max-age of 2 days makes the one ok and the other stale.
        Path html = tmp.resolve("www/index.html");
        Files.createDirectories(html.getParent());
        ok(kaizen(TODAY, "report", "--dest", dest.toString(), "--inventory", inventory.toString(), "--html",
                html.toString(), "--max-age", "2d"));
        assertThat(Files.getPosixFilePermissions(html)).hasSize(4);
        try (var listing = Files.list(html.getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString()).toList()).as("no temporary file left").containsExactly("index.html");
        }

        String dom = chromium(List.of("--dump-dom", html.toUri().toString())).stdout();
        Map<String, Map<LocalDate, String>> grid = grid(dom);
        assertThat(grid.keySet()).containsExactly("compute-1", "controller-1", "compute-2");
        grid.values().forEach(days -> assertThat(days).hasSize(30).containsKey(TODAY).containsKey(TODAY.minusDays(29)));
        assertThat(states(grid.get("compute-1"), 5)).containsExactly("complete", "missing", "complete", "complete", "complete");
        assertThat(grid.get("compute-1").get(TODAY.minusDays(5))).isEqualTo("none");
        assertThat(states(grid.get("controller-1"), 6)).containsExactly("complete", "complete", "failed", "stale", "stale", "stale");
        assertThat(grid.get("controller-1").get(TODAY.minusDays(6))).isEqualTo("none");
        assertThat(grid.get("compute-2").values().stream().filter("missing"::equals).count()).isEqualTo(29);
        assertThat(grid.get("compute-2").get(TODAY)).isEqualTo("failed");

        assertThat(cards(dom)).containsExactly("compute-1=ok", "controller-1=stale", "compute-2=missing");
        assertThat(dom).contains("snapshot " + TODAY.minusDays(3) + " failed: dump mysql-all.sql");
        assertThat(count(dom, "<dd class=\"error\">")).as("controller-1's failed dump, compute-2's failed collection").isEqualTo(2);
        assertThat(count(dom, "<svg class=\"chart size\"")).isEqualTo(3);
        assertThat(count(dom, "<rect class=\"bar")).as("compute-1 4 copies, controller-1 3, two charts each").isEqualTo(14);
        assertThat(count(dom, "<rect class=\"bar flagged\"")).isEqualTo(2);

        Path screenshot = tmp.resolve("report.png");
        chromium(List.of("--screenshot=" + screenshot, "--window-size=412,1400", "--hide-scrollbars", html.toUri().toString()));
        byte[] png = Files.readAllBytes(screenshot);
        assertThat(png.length).isGreaterThan(10_000);
        assertThat(new String(png, 1, 3, StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
        Files.copy(screenshot, Path.of(System.getProperty("kaizen.jar")).resolveSibling("report.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void anEmptyStoreOrANodeWithoutADirectoryIsBadInputAndNothingIsWritten() throws Exception {
        Path dest = tmp.resolve("backups");
        Files.createDirectories(dest);
        Path inventory = tmp.resolve("nodes.yaml");
        Files.writeString(inventory, "nodes:\n  - {name: compute-1, host: 10.0.0.11}\n  - {name: compute-9, host: 10.0.0.19}\n");
        Path html = tmp.resolve("index.html");

        KaizenProcess.Result empty = kaizen(TODAY, "report", "--dest", dest.toString(), "--inventory", inventory.toString(),
                "--html", html.toString());
        assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(2);
        assertThat(empty.stderr()).contains("empty store");

        Path etc = tmp.resolve("etc");
        TreeBuilder.at(etc).file("hosts", "127.0.0.1 localhost\n");
        snapshot(etc, dest, "compute-1", TODAY);
        KaizenProcess.Result unknown = kaizen(TODAY, "report", "--dest", dest.toString(), "--inventory", inventory.toString(),
                "--html", html.toString());
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("no directory in " + dest + ": compute-9");
        assertThat(html).doesNotExist();
    }

    private static List<String> states(Map<LocalDate, String> days, int lastDays) {
        List<String> states = new ArrayList<>();
        for (int daysAgo = lastDays - 1; daysAgo >= 0; daysAgo--) {
            states.add(days.get(TODAY.minusDays(daysAgo)));
        }
        return states;
    }

    private static Map<String, Map<LocalDate, String>> grid(String dom) {
        Map<String, Map<LocalDate, String>> grid = new LinkedHashMap<>();
        Matcher row = ROW.matcher(dom);
        while (row.find()) {
            Map<LocalDate, String> days = new LinkedHashMap<>();
            Matcher cell = CELL.matcher(row.group(2));
            while (cell.find()) {
                days.put(LocalDate.parse(cell.group(1)), cell.group(2));
            }
            grid.put(row.group(1), days);
        }
        return grid;
    }

    private static List<String> cards(String dom) {
        return Pattern.compile("<article class=\"card[^>]*data-node=\"([^\"]+)\" data-health=\"([a-z]+)\"").matcher(dom)
                .results().map(m -> m.group(1) + "=" + m.group(2)).toList();
    }

    private static long count(String text, String regex) {
        return Pattern.compile(regex).matcher(text).results().count();
    }

    /** Runs headless Chromium (Debian package chromium) on the page; its stdout. */
    private KaizenProcess.Result chromium(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + tmp.resolve("chromium-profile")));
        command.addAll(args);
        Path out = tmp.resolve("chromium.out");
        Path err = tmp.resolve("chromium.err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 3 minutes");
        }
        KaizenProcess.Result result = new KaizenProcess.Result(process.exitValue(), Files.readString(out), Files.readString(err));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }
}
