package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code priority:} (README, "Priority"): the run lowers its own CPU and I/O priority, so the children it starts
 * run at it too. A dump source's command reports its own nice value (field 19 of {@code /proc/PID/stat}) and its
 * I/O class ({@code ionice -p}) into the snapshot. The run is a separate kaizen process: lowering the priority of
 * the test's own JVM would slow every test after it.
 */
class PriorityIT {
    private static final String DAY = "2026-06-10";

    @TempDir
    Path tmp;

    @Test
    void theRunAndTheChildrenItStartsRunAtTheConfiguredNiceValueAndIoClass() throws Exception {
        Path source = TreeBuilder.at(tmp.resolve("src")).file("etc/app.conf", "x = 1\n").root();
        Path store = tmp.resolve("store");
        Path config = Files.writeString(tmp.resolve("node.yaml"), "store: " + store + "\n"
                + "priority: {nice: 13, io-class: best-effort, io-level: 6}\n"
                + "sources:\n"
                + "  - path: " + source + "\n"
                + "  - dump: priority\n"
                + "    command: [sh, -c, 'cut -d\" \" -f19 /proc/$$/stat; ionice -p $$']\n");

        KaizenProcess.Result run = KaizenProcess.run(KaizenProcess.QUICK_START, "snapshot", "--config",
                config.toString(), "--engine", "rsync", "--date", DAY);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        Path snapshot = store.resolve(DAY);
        assertThat(Files.readAllLines(snapshot.resolve("dumps/priority"))).as("nice, then the I/O class of a child")
                .containsExactly("13", "best-effort: prio 6");
        assertThat(snapshot.resolve(source.toString().substring(1)).resolve("etc/app.conf")).hasContent("x = 1");
    }

    @Test
    void idleIoClassForComputeNodes() throws Exception {
        Path store = tmp.resolve("store");
        Path config = Files.writeString(tmp.resolve("node.yaml"), "store: " + store + "\n"
                + "priority: {nice: 19, io-class: idle}\n"
                + "sources:\n"
                + "  - dump: priority\n"
                + "    command: [sh, -c, 'cut -d\" \" -f19 /proc/$$/stat; ionice -p $$']\n");

        KaizenProcess.Result run = KaizenProcess.run(KaizenProcess.QUICK_START, "snapshot", "--config",
                config.toString(), "--date", DAY);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Files.readAllLines(store.resolve(DAY).resolve("dumps/priority")))
                .containsExactly("19", "idle");
    }
}
