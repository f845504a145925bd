package io.kaizen.backup.offsite.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectTarget} does, the same assertions for each: a subclass supplies a fresh, empty target
 * per test.
 */
abstract class ObjectTargetContract {
    private ObjectTarget target;

    /** A target holding no object, not seen by any other test. */
    abstract ObjectTarget emptyTarget() throws Exception;

    @BeforeEach
    void openTarget() throws Exception {
        target = emptyTarget();
    }

    @AfterEach
    void closeTarget() throws Exception {
        target.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCreatedObjectReadsBackByteForByte() throws Exception {
        byte[] pack = new byte[16 << 20];
        new Random(14).nextBytes(pack);
        target.create("packs/00/pack-1", pack);
        target.create("empty", new byte[0]);

        assertThat(target.read("packs/00/pack-1")).hasValueSatisfying(read -> assertThat(read).isEqualTo(pack));
        assertThat(target.read("empty")).hasValueSatisfying(read -> assertThat(read).isEmpty());
    }

    @Test
    void creatingAnExistingKeyIsRefusedAndKeepsTheFirstContent() throws Exception {
        target.create("roots/node-a/2026-11-20", bytes("first"));

        assertThatThrownBy(() -> target.create("roots/node-a/2026-11-20", bytes("second")))
                .isInstanceOf(ObjectExistsException.class)
                .hasMessageContaining(target.describe())
                .hasMessageContaining("roots/node-a/2026-11-20");
        assertThat(target.read("roots/node-a/2026-11-20")).hasValueSatisfying(
                read -> assertThat(read).isEqualTo(bytes("first")));
    }

    @Test
    void aMissingKeyReadsEmpty() throws Exception {
        target.create("present", bytes("x"));

        assertThat(target.read("absent")).isEmpty();
        assertThat(target.read("present/below")).isEmpty();
        assertThat(target.read("absent/below")).isEmpty();
    }

    @Test
    void listGivesTheKeysStartingWithThePrefixSorted() throws Exception {
        for (String key : List.of("b/2", "a/1", "b/10", "c", "b/1", "ba")) {
            target.create(key, bytes(key));
        }

        assertThat(target.list("")).containsExactly("a/1", "b/1", "b/10", "b/2", "ba", "c");
        assertThat(target.list("b/")).containsExactly("b/1", "b/10", "b/2");
        assertThat(target.list("b/1")).containsExactly("b/1", "b/10");
        assertThat(target.list("b")).containsExactly("b/1", "b/10", "b/2", "ba");
        assertThat(target.list("d")).isEmpty();
    }

    @Test
    void deleteRemovesOneObjectAndAnAbsentKeyIsFine() throws Exception {
        target.create("packs/1", bytes("one"));
        target.create("packs/2", bytes("two"));

        target.delete("packs/1");
        target.delete("packs/never-written");

        assertThat(target.read("packs/1")).isEmpty();
        assertThat(target.list("")).containsExactly("packs/2");
        assertThat(target.read("packs/2")).hasValueSatisfying(read -> assertThat(read).isEqualTo(bytes("two")));
    }

    @Test
    void keysWithOddButValidCharactersRoundTrip() throws Exception {
        List<String> keys = List.of("node a/2026-11-20 (copy)/x", "plus+equals=and&semi;comma,at@",
                "dollar$tilde~bang!quote'star*", "percent%20not-an-escape", "h\u00e9las/\u65e5\u672c/\u0416",
                "brackets[]{}^`|", "a" + "b".repeat(200));
        for (String key : keys) {
            target.create(key, bytes("content of " + key));
        }

        for (String key : keys) {
            assertThat(target.read(key)).as(key).hasValueSatisfying(
                    read -> assertThat(read).isEqualTo(bytes("content of " + key)));
        }
        assertThat(target.list("")).containsExactlyElementsOf(keys.stream().sorted().toList());
        assertThat(target.list("node a/")).containsExactly("node a/2026-11-20 (copy)/x");
    }

    @Test
    void keysThatAreNotObjectNamesAreRejected() {
        for (String key : List.of("", "/abs", "a//b", "a/", "../up", "a/./b", "a/../b")) {
            assertThatThrownBy(() -> target.create(key, bytes("x"))).as(key)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> target.read(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
