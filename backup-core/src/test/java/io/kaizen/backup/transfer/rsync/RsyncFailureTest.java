package io.kaizen.backup.transfer.rsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.process.ChildProcess;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How a failed rsync run is told: every path rsync names in its error lines, not only the first. */
class RsyncFailureTest {
    @Test
    void everyUnreadablePathIsNamed() {
        String stderr = """
                rsync: [sender] send_files failed to open "/srv/a/secret": Permission denied (13)
                rsync: [sender] opendir "/srv/a/private" failed: Permission denied (13)
                rsync: [sender] send_files failed to open "/srv/b/key": Permission denied (13)
                rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338) [sender=3.2.7]
                """;

        String failure = RsyncEngine.failure(new ChildProcess.Outcome(23, stderr));

        assertThat(failure).startsWith("rsync exited with 23 (partial transfer due to error): ")
                .contains("/srv/a/secret").contains("/srv/a/private").contains("/srv/b/key")
                .doesNotContain("rsync error:");
    }

    @Test
    void manyErrorsAreNamedUpToALimitAndTheRestCounted() {
        String stderr = IntStream.range(0, RsyncEngine.NAMED + 5)
                .mapToObj(i -> "rsync: [sender] send_files failed to open \"/srv/f" + i + "\": Permission denied (13)")
                .collect(Collectors.joining("\n"));

        String failure = RsyncEngine.failure(new ChildProcess.Outcome(23, stderr));

        assertThat(failure).contains("/srv/f0\"").contains("/srv/f" + (RsyncEngine.NAMED - 1) + "\"")
                .doesNotContain("/srv/f" + RsyncEngine.NAMED + "\"").endsWith("; and 5 more");
    }

    @Test
    void withoutErrorLinesOfItsOwnTheLastLineIsTold() {
        String failure = RsyncEngine.failure(new ChildProcess.Outcome(12, "connection unexpectedly closed\n"));

        assertThat(failure).isEqualTo("rsync exited with 12 (error in rsync protocol data stream): "
                + "connection unexpectedly closed");
    }
}
