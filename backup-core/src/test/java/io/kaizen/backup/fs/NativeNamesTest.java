package io.kaizen.backup.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.testing.TreeBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeNamesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void treeOrderPutsAChildOfADirectoryBeforeASiblingThatExtendsItsName() {
        assertThat(NativeNames.TREE_ORDER.compare(b("a/x"), b("a.b"))).isNegative();
        assertThat(NativeNames.TREE_ORDER.compare(b("a"), b("a/x"))).isNegative();
        assertThat(NativeNames.TREE_ORDER.compare(b("a/x"), b("ab"))).isNegative();
        assertThat(NativeNames.TREE_ORDER.compare(new byte[] {(byte) 0xe9}, b("z"))).isPositive();
        assertThat(NativeNames.TREE_ORDER.compare(b("same"), b("same"))).isZero();
    }

    @Test
    void namesThatAreNotUtf8SurviveAListingAndAResolve(@TempDir Path tmp) throws Exception {
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9};
        byte[] invalid = {(byte) 0xff, (byte) 0xfe, 'x'};
        TreeBuilder.at(tmp).file(latin1, b("latin-1")).file(invalid, b("invalid"));
        List<byte[]> seen = new ArrayList<>();
        TreeWalker walker = TreeWalker.walk(tmp, Set.of());
        walker.forEachRemaining(e -> seen.add(e.relative()));
        assertThat(seen).containsExactlyInAnyOrder(latin1, invalid);
        for (byte[] name : seen) {
            Path resolved = NativeNames.resolve(tmp, name);
            assertThat(Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)).as(NativeNames.display(name)).isTrue();
            assertThat(NativeNames.relativize(tmp, resolved)).isEqualTo(name);
        }
    }

    @Test
    void theWalkVisitsEntriesInTreeOrder(@TempDir Path tmp) {
        TreeBuilder.at(tmp).file("a.b", "1").file("a/x", "2").file("ab", "3").file("a/y/z", "4").file("-dash", "5")
                .file(new byte[] {(byte) 0xe9}, b("6")).symlink("a/link", "../ab");
        List<byte[]> seen = new ArrayList<>();
        TreeWalker.walk(tmp, Set.of()).forEachRemaining(e -> seen.add(e.relative()));
        List<byte[]> sorted = new ArrayList<>(seen);
        sorted.sort(NativeNames.TREE_ORDER);
        assertThat(seen).containsExactlyElementsOf(sorted);
        assertThat(seen).hasSize(9);
    }

    @Test
    void displayEscapesWhatATerminalWouldMangle() {
        assertThat(NativeNames.display(b("etc/nova"))).isEqualTo("etc/nova");
        assertThat(NativeNames.display(new byte[] {'a', '\n', 'b'})).isEqualTo("a\\x0ab");
        assertThat(NativeNames.display(new byte[] {'c', (byte) 0xe9})).isEqualTo("c\\xe9");
        assertThat(NativeNames.display(b("café"))).isEqualTo("café");
    }
}
