package io.kaizen.backup.transfer.rsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.store.TreeRecords;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Lines as rsync 3.2.7 and 3.5.0 print them with {@link ItemizedLine#OPTIONS} (taken from real runs). */
class ItemizedLineTest {
    private static final String SEP = "\\#001";

    private static ItemizedLine.Item entry(String line, boolean linkDestIsPrevious) {
        ItemizedLine.Result result = ItemizedLine.parse(line, linkDestIsPrevious);
        assertThat(result.parsed()).isEqualTo(ItemizedLine.Parsed.ENTRY);
        return result.item();
    }

    private static String name(ItemizedLine.Item item) {
        return new String(item.name(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aFileLinkedFromTheOnlyLinkDestIsLinkedElseOfUnknownSum() {
        ItemizedLine.Item item = entry("hf          1234567 dir/file" + SEP, true);

        assertThat(name(item)).isEqualTo("dir/file");
        assertThat(item.kind()).isEqualTo(TreeRecords.Kind.LINKED);
        assertThat(item.size()).isEqualTo(1234567);
        assertThat(entry("hf          2 dir/file" + SEP, false).kind()).isEqualTo(TreeRecords.Kind.FILE);
    }

    @Test
    void aHardLinkInsideTheTreeAReceivedOrCopiedFileHaveUnknownSums() {
        ItemizedLine.Item follower = entry("hf          2 hl" + SEP + " => c", true);

        assertThat(name(follower)).isEqualTo("hl");
        assertThat(follower.kind()).isEqualTo(TreeRecords.Kind.FILE);
        assertThat(entry(">f.st...... 26 d/g" + SEP, true).kind()).isEqualTo(TreeRecords.Kind.FILE);
        assertThat(entry("cf          5 d/g" + SEP, true).kind()).isEqualTo(TreeRecords.Kind.FILE);
        assertThat(entry(".f          5 d/g" + SEP, true).kind()).isEqualTo(TreeRecords.Kind.FILE);
    }

    @Test
    void directoriesLoseTheirSlashSymlinksAndSpecialsAreRead() {
        ItemizedLine.Item dir = entry("cd..t...... 4096 b/x/" + SEP, true);

        assertThat(name(dir)).isEqualTo("b/x");
        assertThat(dir.kind()).isEqualTo(TreeRecords.Kind.DIRECTORY);
        ItemizedLine.Item link = entry("cL+++++++++ 1 s -> t" + SEP + " -> c", true);
        assertThat(name(link)).isEqualTo("s -> t");
        assertThat(link.kind()).isEqualTo(TreeRecords.Kind.SYMLINK);
        assertThat(entry("hS          0 fifo" + SEP, true).kind()).isEqualTo(TreeRecords.Kind.OTHER);
        assertThat(entry("cD          0 dev/null" + SEP, true).kind()).isEqualTo(TreeRecords.Kind.OTHER);
    }

    @Test
    void namesAreUnescapedToTheirExactBytes() {
        assertThat(entry("hf          2 new\\#012line" + SEP, true).name())
                .isEqualTo("new\nline".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(entry("hf          1 odd\\#002x\\#377\\#134#012\tz" + SEP, true).name())
                .isEqualTo(new byte[] {'o', 'd', 'd', 2, 'x', (byte) 0xff, '\\', '#', '0', '1', '2', '\t', 'z'});
    }

    @Test
    void aLiteralBackslashBeforeDigitsIsEscapedByRsyncAndRestored() {
        assertThat(ItemizedLine.unescape("back\\#134#012slash")).isEqualTo(bytes("back\\#012slash"));
        assertThat(ItemizedLine.unescape("ends\\")).isEqualTo(bytes("ends\\"));
        assertThat(ItemizedLine.unescape("odd\\#377\\#")).isEqualTo(new byte[] {'o', 'd', 'd', (byte) 0xff, '\\', '#'});
        assertThat(ItemizedLine.unescape("\\#12")).isEqualTo(bytes("\\#12"));
        assertThat(ItemizedLine.unescape("\\#128x")).isEqualTo(bytes("\\#128x"));
    }

    @Test
    void aNameHoldingTheSeparatorIsAmbiguous() {
        assertThat(ItemizedLine.parse("hf          1 x\\#001y" + SEP, true).parsed())
                .isEqualTo(ItemizedLine.Parsed.AMBIGUOUS);
    }

    @Test
    void theRootDeletionsAndRsyncsOwnMessagesAreNotEntries() {
        assertThat(ItemizedLine.parse("cd          4096 ./" + SEP, true).parsed()).isEqualTo(ItemizedLine.Parsed.ROOT);
        assertThat(ItemizedLine.parse("*deleting   old/file", true).parsed())
                .isEqualTo(ItemizedLine.Parsed.DELETION);
        assertThat(ItemizedLine.parse("created directory /srv/x", true).parsed())
                .isEqualTo(ItemizedLine.Parsed.OTHER);
        assertThat(ItemizedLine.parse("", true).parsed()).isEqualTo(ItemizedLine.Parsed.OTHER);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
