package io.kaizen.backup.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.history.FileVersions.Sighting;
import io.kaizen.backup.history.FileVersions.Version;
import io.kaizen.backup.store.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileVersionsTest {
    @Test
    void consecutiveSnapshotsWithTheSameContentAreOneVersionAndAbsencesAreMarked() {
        List<Version> versions = FileVersions.group(List.of(
                new Sighting("2026-11-20", RunStatus.SUCCEEDED, "aa", 10L),
                new Sighting("2026-11-21", RunStatus.SUCCEEDED, "aa", 10L),
                new Sighting("2026-11-22", RunStatus.FAILED, null, null),
                new Sighting("2026-11-23", RunStatus.SUCCEEDED, "bb", 12L),
                new Sighting("2026-11-24", RunStatus.WARNINGS, "aa", 10L)));
        assertThat(versions).containsExactly(
                new Version("2026-11-20", "2026-11-21", 2, "aa", 10L, false),
                new Version("2026-11-22", "2026-11-22", 1, null, null, true),
                new Version("2026-11-23", "2026-11-23", 1, "bb", 12L, false),
                new Version("2026-11-24", "2026-11-24", 1, "aa", 10L, false));
        assertThat(versions.get(1).present()).isFalse();
    }

    @Test
    void noSnapshotsNoVersions() {
        assertThat(FileVersions.group(List.of())).isEmpty();
    }
}
