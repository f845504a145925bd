package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core names a setting at fault; the command line names its option, when the command has one. */
class ExitCodesTest {
    @TempDir
    Path tmp;

    @Test
    void aSettingTheCommandTakesAsAnOptionIsNamedAsTheOption() {
        KaizenProcess.Result prune = KaizenCliTest.run("prune", "--dest", tmp.toString(), "--keep-days", "0");
        assertThat(prune.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(prune.stderr()).contains("kaizen prune: --keep-days must be at least 1 (got 0)");

        KaizenProcess.Result snapshot = KaizenCliTest.run("snapshot", "--dest", tmp.resolve("store").toString(),
                "--source", "/etc", "--delta-min-size", "64X");
        assertThat(snapshot.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(snapshot.stderr()).contains("kaizen snapshot: --delta-min-size: '64X' is not a size");

        KaizenProcess.Result drill = KaizenCliTest.run("drill", "--dest", tmp.toString(), "--sample", "0");
        assertThat(drill.stderr()).contains("kaizen drill: --sample must be at least 1 (got 0)");
    }

    @Test
    void aSettingWhoseOptionHasAnotherNameIsMappedToIt() {
        KaizenProcess.Result snapshot = KaizenCliTest.run("snapshot", "--dest", tmp.resolve("store").toString());
        assertThat(snapshot.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(snapshot.stderr()).contains("kaizen snapshot: --source: none given, nothing to back up");
    }
}
