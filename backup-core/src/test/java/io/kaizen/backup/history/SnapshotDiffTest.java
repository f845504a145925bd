package io.kaizen.backup.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.store.SumsFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotDiffTest {
    private static SumsFile.Line line(String name, int content) {
        byte[] sha = new byte[32];
        sha[0] = (byte) content;
        return new SumsFile.Line(name.getBytes(StandardCharsets.UTF_8), sha);
    }

    private static List<String> diff(List<SumsFile.Line> before, List<SumsFile.Line> after, String within) {
        List<String> changes = new ArrayList<>();
        SnapshotDiff.compare(before.iterator(), after.iterator(), within.getBytes(StandardCharsets.UTF_8),
                c -> changes.add(c.kind() + " " + new String(c.relative(), StandardCharsets.UTF_8)));
        return changes;
    }

    @Test
    void reportsAddedRemovedAndChangedFilesInTreeOrder() {
        List<SumsFile.Line> before = List.of(line("etc/a", 1), line("etc/b", 2), line("etc/sub/c", 3), line("var/x", 4));
        List<SumsFile.Line> after = List.of(line("etc/a", 1), line("etc/b", 9), line("etc/b2", 5), line("var/x", 4),
                line("var/y", 6));
        assertThat(diff(before, after, "")).containsExactly("CHANGED etc/b", "ADDED etc/b2", "REMOVED etc/sub/c",
                "ADDED var/y");
    }

    @Test
    void aPathLimitsTheComparisonToItsSubtreeNotToNamesThatStartAlike() {
        List<SumsFile.Line> before = List.of(line("etc/nova/a", 1), line("etc/nova-old/b", 2));
        List<SumsFile.Line> after = List.of(line("etc/nova/a", 7), line("etc/novax", 3));
        assertThat(diff(before, after, "etc/nova")).containsExactly("CHANGED etc/nova/a");
        assertThat(diff(before, after, "etc/nova/a")).containsExactly("CHANGED etc/nova/a");
    }

    @Test
    void emptySidesAreAllAddedOrAllRemoved() {
        List<SumsFile.Line> some = List.of(line("a", 1), line("b/c", 2));
        assertThat(diff(List.of(), some, "")).containsExactly("ADDED a", "ADDED b/c");
        assertThat(diff(some, List.of(), "")).containsExactly("REMOVED a", "REMOVED b/c");
        assertThat(diff(some, some, "")).isEmpty();
    }
}
