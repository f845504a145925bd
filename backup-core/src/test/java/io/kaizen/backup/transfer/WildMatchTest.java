package io.kaizen.backup.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WildMatchTest {
    private static boolean m(String pattern, String text) {
        return WildMatch.matches(pattern.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_8), 0);
    }

    @Test
    void starStopsAtSlashesAndDoubleStarDoesNot() {
        assertThat(m("*.tmp", "a.tmp")).isTrue();
        assertThat(m("*.tmp", "d/a.tmp")).isFalse();
        assertThat(m("**.tmp", "d/a.tmp")).isTrue();
        assertThat(m("a/**/e", "a/b/c/e")).isTrue();
        assertThat(m("a/*/e", "a/b/c/e")).isFalse();
        assertThat(m("*", "")).isTrue();
        assertThat(m("a*", "a/b")).isFalse();
    }

    @Test
    void questionMarksClassesAndEscapes() {
        assertThat(m("?", "x")).isTrue();
        assertThat(m("?", "/")).isFalse();
        assertThat(m("[a-c]x", "bx")).isTrue();
        assertThat(m("[!a-c]x", "bx")).isFalse();
        assertThat(m("[^a]x", "zx")).isTrue();
        assertThat(m("[]]", "]")).isTrue();
        assertThat(m("\\*", "*")).isTrue();
        assertThat(m("\\*", "a")).isFalse();
        assertThat(m("weird\\[x]", "weird[x]")).isTrue();
        assertThat(m("[", "[")).isTrue();
    }
}
