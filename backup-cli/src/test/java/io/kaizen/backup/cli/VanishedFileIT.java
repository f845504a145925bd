package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.testing.TreeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that vanish while rsync copies them (rsync exit 24) are a warning, not a failure (README.md, "Exit codes"):
 * exit 3, a complete snapshot whose manifest says "warnings", and the warning on stderr.
 *
 * <p>A background thread deletes the last files of a big directory once rsync has begun copying that directory
 * (so they are in rsync's file list but not yet sent). Timing can still let rsync miss the deletions, so the run
 * is retried a bounded number of times; every run must end 0 or 3 with a valid snapshot, and one must end 3.
 */
class VanishedFileIT {
    private static final int FILES = 4000;
    private static final int DELETED = 1500;
    private static final int ATTEMPTS = 5;
    private static final String DATE = "2026-06-01";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void filesVanishingDuringTheRunGiveExit3AndACompleteSnapshotWithWarnings() throws Exception {
        Path source = temp.resolve("src");
        TreeBuilder tree = TreeBuilder.at(source);
        tree.file("etc/stable.conf", "this file stays\n");
        List<String> outcomes = new ArrayList<>();
        boolean sawWarnings = false;
        for (int attempt = 1; attempt <= ATTEMPTS && !sawWarnings; attempt++) {
            for (int i = 0; i < FILES; i++) {
                String name = String.format("many/file-%05d", i);
                if (!Files.exists(tree.path(name))) {
                    tree.file(name, ("file " + i + " of a big directory\n").repeat(100));
                }
            }
            Path store = temp.resolve("store-" + attempt);
            Path logs = temp.resolve("logs-" + attempt);
            Process run = KaizenProcess.start(logs, KaizenProcess.QUICK_START, "snapshot", "--engine", "rsync",
                    "--source", source.toString(),
                    "--dest", store.toString(), "--date", DATE);
            AtomicInteger deleted = new AtomicInteger();
            Thread deleter = new Thread(() -> deleteOnceCopyingStarted(run, store, source, deleted), "deleter");
            deleter.start();
            assertThat(run.waitFor(3, TimeUnit.MINUTES)).as("run %d finished", attempt).isTrue();
            deleter.join(TimeUnit.MINUTES.toMillis(1));
            String stdout = Files.readString(logs.resolve("stdout"), StandardCharsets.ISO_8859_1);
            String stderr = Files.readString(logs.resolve("stderr"), StandardCharsets.ISO_8859_1);
            String result = "attempt " + attempt + ": exit " + run.exitValue() + ", " + deleted.get()
                    + " files deleted during the run\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
            outcomes.add("attempt " + attempt + ": exit " + run.exitValue() + " (" + deleted.get() + " deleted)");

            assertThat(run.exitValue()).as(result).isIn(0, 3);
            Path snapshot = store.resolve(DATE);
            JsonNode manifest = JSON.readTree(snapshot.resolve(".kaizen/manifest.json").toFile());
            assertThat(manifest.path("snapshot").asText()).as(result).isEqualTo(DATE);
            assertThat(snapshot.resolve(source.toString().substring(1)).resolve("etc/stable.conf"))
                    .as(result).hasContent("this file stays\n");
            KaizenProcess.assertSha256sumCheck(snapshot, result);
            KaizenProcess.Result verify = KaizenProcess.run(KaizenProcess.QUICK_START, "verify", "--dest", store.toString(), DATE);
            assertThat(verify.exitCode()).as("kaizen verify after %s\n%s", result, verify).isZero();
            if (run.exitValue() == 3) {
                sawWarnings = true;
                assertThat(manifest.path("status").asText()).as(result).isEqualTo("warnings");
                assertThat(manifest.path("warnings").toString()).as("warnings in the manifest; %s", result)
                        .contains("vanished");
                assertThat(stderr).as(result).contains("warning").contains("vanished");
                assertThat(stdout).as(result).contains("completed with warnings");
            } else {
                assertThat(manifest.path("status").asText()).as(result).isEqualTo("succeeded");
            }
        }
        System.out.println("VanishedFileIT: " + String.join("; ", outcomes));
        assertThat(sawWarnings).as("some run saw files vanish (exit 3): %s", outcomes).isTrue();
    }

    /**
     * Waits until rsync has copied the first file of many/ into the partial snapshot (so many/ is in its file
     * list), then deletes the directory's last files, last first.
     */
    private static void deleteOnceCopyingStarted(Process run, Path store, Path source, AtomicInteger deleted) {
        Path firstCopied = store.resolve(DATE + ".partial").resolve(source.toString().substring(1))
                .resolve("many/file-00000");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (run.isAlive() && !Files.exists(firstCopied) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        for (int i = FILES - 1; i >= FILES - DELETED && run.isAlive(); i--) {
            try {
                Files.delete(source.resolve(String.format("many/file-%05d", i)));
                deleted.incrementAndGet();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
