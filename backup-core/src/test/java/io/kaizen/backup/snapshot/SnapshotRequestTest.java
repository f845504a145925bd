package io.kaizen.backup.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.source.Hooks;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.transfer.FilterRules;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotRequestTest {
    private static final Hooks QUIESCE = new Hooks(List.of("true"), List.of(), null);
    private static final Hooks THAW = new Hooks(List.of(), List.of("sync"), null);

    @Test
    void eachSourceHasItsOwnHooksAndAnotherSourceNone() {
        PathSource etc = new PathSource(Path.of("/etc"), FilterRules.NONE);
        PathSource srv = new PathSource(Path.of("/srv"), FilterRules.NONE);
        PathSource home = new PathSource(Path.of("/home"), FilterRules.NONE);
        SnapshotRequest request = SnapshotRequest.builder().store(Path.of("/backups")).source(etc, QUIESCE)
                .source(srv, THAW).source(home).build();

        assertThat(request.hooksOf(request.sources().get(0))).isEqualTo(QUIESCE);
        assertThat(request.hooksOf(request.sources().get(1))).isEqualTo(THAW);
        assertThat(request.hooksOf(request.sources().get(2))).isEqualTo(Hooks.NONE);
    }

    @Test
    void theSameSourceTwiceWithDifferentHooksIsRefusedAndWithTheSameHooksTaken() {
        SnapshotRequest.Builder builder = SnapshotRequest.builder().store(Path.of("/backups"))
                .source(new PathSource(Path.of("/etc"), FilterRules.NONE), QUIESCE)
                .source(new PathSource(Path.of("/etc"), FilterRules.NONE), QUIESCE);

        assertThat(builder.build().sources()).hasSize(2);
        assertThatThrownBy(() -> builder.source(new PathSource(Path.of("/etc"), FilterRules.NONE), THAW))
                .isInstanceOf(ConfigException.class).hasMessageContaining("/etc is given twice with different hooks");
    }
}
