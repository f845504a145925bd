package io.kaizen.backup.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Names that cross the wire. */
class RelativePathsTest {
    private static String problem(String name) {
        return RelativePaths.problem(name.getBytes(StandardCharsets.UTF_8)).orElse("ok");
    }

    @Test
    void acceptsRelativeNamesOfAnyBytes() {
        assertThat(problem("etc/nova/nova.conf")).isEqualTo("ok");
        assertThat(problem("a/.hidden/..dots/...")).isEqualTo("ok");
        assertThat(RelativePaths.problem(new byte[] {'a', (byte) 0xff, '\\', '\n'})).isEmpty();
    }

    @Test
    void refusesEverythingThatCouldLeaveTheTree() {
        assertThat(problem("")).contains("empty");
        assertThat(problem("/etc/shadow")).contains("absolute");
        assertThat(problem("..")).contains("'..'");
        assertThat(problem("a/../../b")).contains("'..'");
        assertThat(problem("a/./b")).contains("'.'");
        assertThat(problem("a//b")).contains("empty component");
        assertThat(problem("a/")).contains("ends with '/'");
        assertThat(problem("x".repeat(256))).contains("component longer");
        assertThat(problem("a/".repeat(2100) + "a")).contains("longer than 4096");
        assertThat(RelativePaths.problem(new byte[] {'a', 0, 'b'})).contains("name contains a NUL byte");
    }

    @Test
    void parentsAndContainment() {
        assertThat(new String(RelativePaths.parent("a/b/c".getBytes()))).isEqualTo("a/b");
        assertThat(RelativePaths.parent("a".getBytes())).isEmpty();
        assertThat(RelativePaths.isWithin("a/b".getBytes(), "a".getBytes())).isTrue();
        assertThat(RelativePaths.isWithin("ab".getBytes(), "a".getBytes())).isFalse();
    }
}
