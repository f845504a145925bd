package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hooks (README, "Hooks"): real commands without a shell around the run and around single sources. A failing or
 * timed-out {@code before} fails its source, which is named on stderr and in the report, and the run exits 1;
 * every {@code after} runs, after a failure too; the hooks' stderr is in {@code last-run.json} and in the JSON
 * report.
 */
class HooksIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 10);

    @TempDir
    Path tmp;
    private Path store;
    private Path log;
    private Path app;

    @BeforeEach
    void tree() throws Exception {
        store = tmp.resolve("store");
        log = tmp.resolve("hooks.log");
        app = TreeBuilder.at(tmp.resolve("app")).file("data", "rows").root();
        TreeBuilder.at(tmp.resolve("other")).file("x", "x");
    }

    /** A hook command that appends {@code word} to the log, then runs {@code then} (a shell line). */
    private String logs(String word, String then) {
        return "[sh, -c, 'echo " + word + " >> " + log + "; " + then + "']";
    }

    private KaizenProcess.Result snapshot(Path config, String... extra) {
        String[] args = new String[2 + 2 + extra.length];
        args[0] = "snapshot";
        args[1] = "--config";
        args[2] = config.toString();
        args[3] = "--quiet";
        System.arraycopy(extra, 0, args, 4, extra.length);
        return InProcess.run(InProcess.at(TODAY), args);
    }

    @Test
    void aFailingOrTimedOutBeforeFailsItsSourceAndEveryAfterStillRuns() throws Exception {
        Path config = Files.writeString(tmp.resolve("node.yaml"), "store: " + store + "\n"
                + "hooks:\n"
                + "  before: " + logs("run-before", "true") + "\n"
                + "  after: " + logs("run-after", "true") + "\n"
                + "sources:\n"
                + "  - path: " + app + "\n"
                + "    hooks:\n"
                + "      before: " + logs("app-before", "echo flushed > " + app + "/flushed") + "\n"
                + "      after: " + logs("app-after", "true") + "\n"
                + "  - dump: db\n"
                + "    command: [sh, -c, 'echo dump']\n"
                + "    hooks:\n"
                + "      before: " + logs("db-before", "echo db is locked by another job >&2; exit 4") + "\n"
                + "      after: " + logs("db-after", "echo db unlocked >&2") + "\n"
                + "  - path: " + tmp.resolve("other") + "\n"
                + "    hooks:\n"
                + "      before: " + logs("other-before", "sleep 60") + "\n"
                + "      after: " + logs("other-after", "true") + "\n"
                + "      timeout: 1\n");
        long start = System.nanoTime();

        KaizenProcess.Result run = snapshot(config, "--json");

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(took).as("the hanging before hook was killed after its 1 s timeout").isLessThan(Duration.ofSeconds(30));
        assertThat(Files.readAllLines(log)).containsExactly("run-before", "app-before", "app-after", "db-before",
                "db-after", "other-before", "other-after", "run-after");
        assertThat(run.stderr())
                .contains("kaizen snapshot: error: dump db: before hook 'sh -c echo db-before >> " + log
                        + "; echo db is locked by another job >&2; exit 4' exited with 4: db is locked by another job; "
                        + "the source was not captured")
                .contains("kaizen snapshot: error: path " + tmp.resolve("other") + ": before hook 'sh -c echo "
                        + "other-before >> " + log + "; sleep 60' was killed after its timeout");
        Path snapshot = store.resolve(TODAY.toString());
        assertThat(snapshot.resolve(app.toString().substring(1)).resolve("flushed"))
                .as("the source's before hook ran before it was copied").hasContent("flushed");
        assertThat(snapshot.resolve("dumps/db")).doesNotExist();
        assertThat(snapshot.resolve(tmp.resolve("other").toString().substring(1))).doesNotExist();

        JsonNode lastRun = JSON.readTree(store.resolve(".kaizen/last-run.json").toFile());
        assertThat(lastRun.at("/status").asText()).isEqualTo("failed");
        JsonNode hooks = lastRun.at("/hooks");
        assertThat(hooks).hasSize(8);
        assertThat(hooks.get(3).at("/scope").asText()).isEqualTo("dump db");
        assertThat(hooks.get(3).at("/phase").asText()).isEqualTo("before");
        assertThat(hooks.get(3).at("/exitCode").asInt()).isEqualTo(4);
        assertThat(hooks.get(3).at("/stderr").asText()).isEqualTo("db is locked by another job\n");
        assertThat(hooks.get(4).at("/stderr").asText()).as("an after hook's stderr").isEqualTo("db unlocked\n");
        assertThat(hooks.get(5).at("/timedOut").asBoolean()).isTrue();
        assertThat(hooks.get(7).at("/scope").asText()).isEqualTo("run");
        assertThat(JSON.readTree(run.stdout()).at("/hooks")).isEqualTo(hooks);
    }

    @Test
    void aFailingRunBeforeStartsNothingAndTheRunAfterStillRuns() throws Exception {
        Path config = Files.writeString(tmp.resolve("node.yaml"), "store: " + store + "\n"
                + "hooks:\n"
                + "  before: " + logs("run-before", "echo cluster is degraded >&2; exit 1") + "\n"
                + "  after: " + logs("run-after", "true") + "\n"
                + "sources:\n"
                + "  - path: " + app + "\n"
                + "    hooks: {before: " + logs("app-before", "true") + "}\n");

        KaizenProcess.Result run = snapshot(config);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stderr()).contains("FAILED: snapshot " + TODAY + " in " + store + " not started: the run's "
                + "before hook 'sh -c echo run-before >> " + log + "; echo cluster is degraded >&2; exit 1' exited with "
                + "1: cluster is degraded");
        assertThat(Files.readAllLines(log)).containsExactly("run-before", "run-after");
        assertThat(store.resolve(TODAY.toString())).doesNotExist();
        assertThat(JSON.readTree(store.resolve(".kaizen/last-run.json").toFile()).at("/hooks/0/stderr").asText())
                .isEqualTo("cluster is degraded\n");
    }

    @Test
    void aFailingAfterIsAWarning() throws Exception {
        Path config = Files.writeString(tmp.resolve("node.yaml"), "store: " + store + "\n"
                + "sources:\n"
                + "  - path: " + app + "\n"
                + "    hooks: {after: [sh, -c, 'echo could not restart the service >&2; exit 2']}\n");

        KaizenProcess.Result run = snapshot(config);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.stderr()).contains("kaizen snapshot: warning: path " + app + ": after hook 'sh -c echo could not "
                + "restart the service >&2; exit 2' exited with 2: could not restart the service");
        assertThat(store.resolve(TODAY.toString()).resolve(app.toString().substring(1)).resolve("data")).hasContent("rows");
        assertThat(List.of(JSON.readTree(store.resolve(".kaizen/last-run.json").toFile()).at("/status").asText()))
                .containsExactly("warnings");
    }
}
