package io.kaizen.backup.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A dead run's processes are found by the tag in their environment, also a grandchild, and stopped. */
class RunTagTest {
    @Test
    void strayProcessesCarryingATagAreStoppedAndOthersAreLeftAlone() throws Exception {
        String tag = "dead-" + UUID.randomUUID();
        ProcessBuilder tagged = new ProcessBuilder("sh", "-c", "sleep 120 & wait");
        tagged.environment().put(RunTag.VARIABLE, tag);
        Process stray = tagged.start();
        ProcessBuilder other = new ProcessBuilder("sleep", "120");
        other.environment().put(RunTag.VARIABLE, tag + "-other");
        Process bystander = other.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (stray.descendants().findAny().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            ProcessHandle grandchild = stray.descendants().findFirst().orElseThrow();

            List<Long> stopped = RunTag.stopStrays(tag, Duration.ofSeconds(10));

            assertThat(stopped).containsExactlyInAnyOrder(stray.pid(), grandchild.pid());
            assertThat(stray.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(grandchild.isAlive()).isFalse();
            assertThat(bystander.isAlive()).as("a process with another tag").isTrue();
            assertThat(RunTag.stopStrays(RunTag.own(), Duration.ofSeconds(1))).as("never our own run").isEmpty();
        } finally {
            stray.descendants().forEach(ProcessHandle::destroyForcibly);
            stray.destroyForcibly();
            bystander.destroyForcibly();
        }
    }

    @Test
    void everyChildCarriesThisRunsTag() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChildProcess.Outcome outcome = ChildProcess.run(List.of("sh", "-c", "printf %s \"$" + RunTag.VARIABLE + "\""), out);
        assertThat(outcome.succeeded()).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(RunTag.own());
    }

    @Test
    void aTagIsLiveOnlyWhileItsProcessRunsWithThatStartTime() throws Exception {
        assertThat(RunTag.isLive(RunTag.own())).as("this process").isTrue();
        Process child = new ProcessBuilder("sleep", "120").start();
        try {
            long started = child.toHandle().info().startInstant().orElseThrow().toEpochMilli();
            assertThat(RunTag.isLive(child.pid() + "-" + started)).isTrue();
            assertThat(RunTag.isLive(child.pid() + "-" + (started - 60_000))).as("an earlier process of that pid")
                    .isFalse();
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        assertThat(RunTag.isLive(child.pid() + "-" + child.toHandle().info().startInstant().map(i -> i.toEpochMilli())
                .orElse(0L))).as("ended").isFalse();
        assertThat(RunTag.isLive("not-a-tag")).isFalse();
        assertThat(RunTag.isLive("12")).isFalse();
    }
}
