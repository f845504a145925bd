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
        KaizenCliTest.Run prune = KaizenCliTest.run("prune", "--dest", tmp.toString(), "--keep-days", "0");
        assertThat(prune.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(prune.err()).contains("kaizen prune: --keep-days must be at least 1 (got 0)");

        KaizenCliTest.Run snapshot = KaizenCliTest.run("snapshot", "--dest", tmp.resolve("store").toString(),
                "--source", "/etc", "--delta-min-size", "64X");
        assertThat(snapshot.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(snapshot.err()).contains("kaizen snapshot: --delta-min-size: '64X' is not a size");

        KaizenCliTest.Run drill = KaizenCliTest.run("drill", "--dest", tmp.toString(), "--sample", "0");
        assertThat(drill.err()).contains("kaizen drill: --sample must be at least 1 (got 0)");
    }

    @Test
    void aSettingWhoseOptionHasAnotherNameIsMappedToIt() {
        KaizenCliTest.Run snapshot = KaizenCliTest.run("snapshot", "--dest", tmp.resolve("store").toString());
        assertThat(snapshot.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(snapshot.err()).contains("kaizen snapshot: --source: none given, nothing to back up");
    }
}
