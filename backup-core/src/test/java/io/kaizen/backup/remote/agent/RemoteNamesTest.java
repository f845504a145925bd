package io.kaizen.backup.remote.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Names that cross the wire. */
class RemoteNamesTest {
    private static String problem(String name) {
        return RemoteNames.problem(name.getBytes(StandardCharsets.UTF_8)).orElse("ok");
    }

    @Test
    void acceptsRelativeNamesOfAnyBytes() {
        assertThat(problem("etc/nova/nova.conf")).isEqualTo("ok");
        assertThat(problem("a/.hidden/..dots/...")).isEqualTo("ok");
        assertThat(RemoteNames.problem(new byte[] {'a', (byte) 0xff, '\\', '\n'})).isEmpty();
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
        assertThat(problem(".kaizen/manifest.json")).contains("metadata");
        assertThat(problem("x".repeat(256))).contains("component longer");
        assertThat(problem("a/".repeat(2100) + "a")).contains("longer than 4096");
        assertThat(RemoteNames.problem(new byte[] {'a', 0, 'b'})).contains("name contains a NUL byte");
    }

    @Test
    void parentsAndContainment() {
        assertThat(new String(RemoteNames.parent("a/b/c".getBytes()))).isEqualTo("a/b");
        assertThat(RemoteNames.parent("a".getBytes())).isEmpty();
        assertThat(RemoteNames.isWithin("a/b".getBytes(), "a".getBytes())).isTrue();
        assertThat(RemoteNames.isWithin("ab".getBytes(), "a".getBytes())).isFalse();
    }
}
