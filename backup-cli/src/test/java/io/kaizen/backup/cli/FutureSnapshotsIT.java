package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After the clock went backwards (README.md, "When the clock was wrong"): the store holds 2026-12-10, made while
 * the clock was a week ahead, and the next run happens on 2026-12-03. That run warns naming 2026-12-10 (exit 3);
 * {@code latest} is 2026-12-03, the newest by creation, for {@code restore}, plain {@code verify} and
 * {@code diff}; retention keeps 2026-12-10.
 */
class FutureSnapshotsIT {
    private static final LocalDate AHEAD = LocalDate.of(2026, 12, 10);
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);

    @TempDir
    Path tmp;

    @Test
    void aRunAfterTheClockWentBackWarnsAndLatestIsTheNewestByCreation() throws Exception {
        Path source = tmp.resolve("src");
        Path store = tmp.resolve("store");
        TreeBuilder tree = TreeBuilder.at(source).file("etc/app.conf", "made while the clock was ahead\n");
        KaizenProcess.Result ahead = InProcess.run(InProcess.at(AHEAD), "snapshot", "--source", source.toString(),
                "--dest", store.toString());
        assertThat(ahead.exitCode()).as(ahead.toString()).isZero();
        tree.file("etc/app.conf", "current\n");

        KaizenProcess.Result run = InProcess.run(InProcess.at(TODAY), "snapshot", "--source", source.toString(),
                "--dest", store.toString(), "--keep-days", "1", "--min-keep", "1");

        assertThat(run.exitCode()).as("the run on %s\n%s", TODAY, run).isEqualTo(3);
        assertThat(run.stderr()).as("its warning").contains("warning").contains("dated after today (2026-12-03)")
                .contains("2026-12-10").contains("retention keeps them");
        assertThat(store.resolve("2026-12-10")).as("retention kept the future-dated snapshot").isDirectory();
        assertThat(store.resolve("2026-12-03/" + source.toString().substring(1) + "/etc/app.conf"))
                .as("the run's snapshot is not linked to the future-dated one").hasContent("current\n");

        Path target = tmp.resolve("restored");
        KaizenProcess.Result restore = InProcess.run(InProcess.at(TODAY), "restore", "--dest", store.toString(),
                "--snapshot", "latest", "--path", source.resolve("etc").toString(), "--to", target.toString());
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(restore.stdout()).as("restore names its snapshot").contains("2026-12-03");
        assertThat(target.resolve(source.toString().substring(1) + "/etc/app.conf"))
                .as("restore --snapshot latest restores the newest content").hasContent("current\n");

        KaizenProcess.Result verify = InProcess.run(InProcess.at(TODAY), "verify", "--dest", store.toString());
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.stdout()).as("plain verify checks the latest").contains("2026-12-03")
                .doesNotContain("2026-12-10");

        KaizenProcess.Result diff = InProcess.run(InProcess.at(TODAY), "diff", "--dest", store.toString(),
                "2026-12-10", "latest", "--json");
        assertThat(diff.exitCode()).as(diff.toString()).isZero();
        assertThat(diff.stdout()).as("diff's latest").containsPattern("\"to\"\\s*:\\s*\"2026-12-03\"");

        KaizenProcess.Result next = InProcess.run(InProcess.at(TODAY.plusDays(1)), "snapshot", "--source",
                source.toString(), "--dest", store.toString(), "--keep-days", "1", "--min-keep", "1");
        assertThat(next.exitCode()).as("every run warns until the date comes\n%s", next).isEqualTo(3);
        assertThat(next.stderr()).contains("2026-12-10");
        assertThat(Files.isDirectory(store.resolve("2026-12-10"))).as("still kept").isTrue();
    }
}
