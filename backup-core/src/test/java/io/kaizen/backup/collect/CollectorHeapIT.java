package io.kaizen.backup.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.testing.Commands;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node cannot exhaust the collector's memory with line-based input: a collector process with a 96 MiB heap
 * pulls a node whose SHA256SUMS is one 200 MB line without a newline (its manifest holding the matching hash).
 */
class CollectorHeapIT {
    private static final long LINE = 200_000_000L;

    @TempDir
    Path tmp;

    @Test
    void aSumsLineOf200MbFailsTheNodeAndTheHeapStaysSmall() {
        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
                "-XX:+UseSerialGC", "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), OneLineSumsCollection.class.getName(),
                tmp.resolve("dest").toString(), Long.toString(LINE));

        Commands.Result result = Commands.tryRun(java, Map.of(), null, 300);

        assertThat(result.stderr()).doesNotContain("OutOfMemoryError");
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(1);
        assertThat(result.stdout()).contains("evil: SHA256SUMS of 2026-11-24: line 1 is longer than 8260 bytes");
        Matcher heap = Pattern.compile("heap committed: (\\d+)").matcher(result.stdout());
        assertThat(heap.find()).as(result.stdout()).isTrue();
        assertThat(Long.parseLong(heap.group(1))).as("heap committed, bytes").isLessThanOrEqualTo(96L << 20);
    }
}
