package io.kaizen.backup.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which relative names may stand for an entry of a snapshot's tree. */
class SnapshotTest {
    private static String problem(String name) {
        return Snapshot.entryProblem(name.getBytes(StandardCharsets.UTF_8)).orElse("ok");
    }

    @Test
    void refusesTheMetadataDirectoryAndWhatLiesBelowIt() {
        assertThat(problem(".kaizen")).contains("metadata");
        assertThat(problem(".kaizen/manifest.json")).contains("metadata");
    }

    @Test
    void acceptsNamesThatOnlyStartLikeIt() {
        assertThat(problem(".kaizenx/a")).isEqualTo("ok");
        assertThat(problem("etc/.kaizen")).isEqualTo("ok");
    }

    @Test
    void refusesWhatEveryRelativePathRefuses() {
        assertThat(problem("a/../b")).contains("'..'");
    }
}
