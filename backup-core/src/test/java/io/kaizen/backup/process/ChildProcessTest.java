package io.kaizen.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.KaizenException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {
    @TempDir
    Path dir;

    @Test
    void copiesStdoutKeepsStderrAndReportsTheExitCode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChildProcess.Outcome outcome = ChildProcess.run(List.of("sh", "-c", "echo out; echo oops >&2; exit 3"), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out\n");
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.lastError()).isEqualTo("oops");
        assertThat(outcome.succeeded()).isFalse();
    }

    @Test
    void readsStdinFromAFileWithTheExtraEnvironment() throws IOException {
        Path input = Files.writeString(dir.resolve("in"), "from the file\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChildProcess.Outcome outcome = ChildProcess.run(List.of("sh", "-c", "cat; echo \"$KAIZEN_TEST\""),
                Map.of("KAIZEN_TEST", "extra"), input, out, null);

        assertThat(outcome.succeeded()).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("from the file\nextra\n");
    }

    @Test
    void withoutStdinTheCommandReadsAnEndOfFile() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ChildProcess.run(List.of("wc", "-c"), out).succeeded()).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("0");
    }

    @Test
    void aCommandPastItsTimeoutIsKilledWithItsChildren() {
        long start = System.nanoTime();
        ChildProcess.Outcome outcome = ChildProcess.run(List.of("sh", "-c", "sleep 30 & sleep 30; wait"), Map.of(), null,
                OutputStream.nullOutputStream(), Duration.ofMillis(200));

        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.succeeded()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aFailingOutputIsReportedAndTheCommandStillEnds() {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        ChildProcess.Outcome outcome = ChildProcess.run(List.of("sh", "-c", "head -c 1000000 /dev/zero"), full);

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.outputError()).hasMessage("No space left on device");
        assertThat(outcome.succeeded()).isFalse();
    }

    @Test
    void runToFileLetsTheCommandWriteTheFile() throws IOException {
        Path file = dir.resolve("dump.sql");
        ChildProcess.Outcome outcome = ChildProcess.runToFile(List.of("sh", "-c", "echo dumped"), Map.of(), file, null);

        assertThat(outcome.succeeded()).isTrue();
        assertThat(file).hasContent("dumped");
    }

    @Test
    void aCommandThatCannotStartIsAnException() {
        assertThatThrownBy(() -> ChildProcess.run(List.of("/nonexistent/kaizen-no-such-tool"), OutputStream.nullOutputStream()))
                .isInstanceOf(KaizenException.class).hasMessageStartingWith("cannot run /nonexistent/kaizen-no-such-tool: ");
    }

    @Test
    void anAttachedCommandEndsWithItsExitCode() {
        assertThat(ChildProcess.runAttached(List.of("sh", "-c", "exit 4"))).isEqualTo(4);
    }

    @Test
    void aCleanupCarriesNoRunTagSoTheStopSweepNeverKillsItHalfWay() {
        String print = "echo \"${" + RunTag.VARIABLE + "-untagged}\"";
        ByteArrayOutputStream tagged = new ByteArrayOutputStream();
        ChildProcess.run(List.of("sh", "-c", print), tagged);

        assertThat(tagged.toString(StandardCharsets.UTF_8).strip()).isEqualTo(RunTag.own());
        assertThat(ChildProcess.runCleanup(List.of("sh", "-c", print), Map.of(), Duration.ofSeconds(10)).stderr().strip())
                .isEqualTo("untagged");
    }
}
