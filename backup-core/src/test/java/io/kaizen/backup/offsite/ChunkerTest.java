package io.kaizen.backup.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkerTest {
    private static final long[] GEAR = new Random(1).longs(256).toArray();

    private static List<byte[]> chunks(byte[] data, int pieceSize) {
        List<byte[]> chunks = new ArrayList<>();
        Chunker chunker = new Chunker(GEAR, Chunker.CONTENT, chunks::add);
        for (int at = 0; at < data.length; at += pieceSize) {
            chunker.write(data, at, Math.min(pieceSize, data.length - at));
        }
        chunker.finish();
        return chunks;
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void chunksJoinToTheInputRespectTheSizesAndDoNotDependOnHowBytesArePushed() {
        byte[] data = random(16 << 20, 2);
        List<byte[]> chunks = chunks(data, 1 << 20);

        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        chunks.forEach(joined::writeBytes);
        assertThat(joined.toByteArray()).isEqualTo(data);
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c ->
                assertThat(c.length).isBetween(Chunker.CONTENT.minimum(), Chunker.CONTENT.maximum()));
        double average = (double) data.length / chunks.size();
        assertThat(average).isBetween(0.8 * (1 << 20), 2.0 * (1 << 20));
        assertThat(chunks(data, 4093)).extracting(Arrays::hashCode)
                .containsExactlyElementsOf(chunks.stream().map(Arrays::hashCode).toList());
    }

    @Test
    void anInsertionOrAChangedRegionChangesOnlyTheChunksAroundIt() {
        byte[] data = random(24 << 20, 3);
        Set<Integer> before = hashes(chunks(data, 1 << 16));

        byte[] inserted = new byte[data.length + 1000];
        System.arraycopy(data, 0, inserted, 0, 10 << 20);
        System.arraycopy(data, 10 << 20, inserted, (10 << 20) + 1000, data.length - (10 << 20));
        List<byte[]> afterInsert = chunks(inserted, 1 << 16);
        assertThat(afterInsert.stream().filter(c -> !before.contains(Arrays.hashCode(c))).count())
                .isBetween(1L, 2L);

        byte[] changed = data.clone();
        System.arraycopy(random(1 << 20, 4), 0, changed, 20 << 20, 1 << 20);
        List<byte[]> afterChange = chunks(changed, 1 << 16);
        long newBytes = afterChange.stream().filter(c -> !before.contains(Arrays.hashCode(c)))
                .mapToLong(c -> c.length).sum();
        assertThat(newBytes).isBetween(1L << 20, 5L << 20);
    }

    @Test
    void cutsWhereTheFormatSaysWhateverThePiecesAndKeepsASmallInputWhole() {
        byte[] data = random(12 << 20, 5);
        List<Integer> expected = referenceCuts(data);

        for (int piece : new int[] {1, 7, Chunker.CONTENT.minimum() - 1, Chunker.CONTENT.minimum(), 3 << 20}) {
            assertThat(chunks(data, piece)).as("pieces of %d bytes", piece).extracting(c -> c.length)
                    .containsExactlyElementsOf(expected);
        }
        byte[] small = random(5000, 6);
        assertThat(chunks(small, small.length)).singleElement().satisfies(c -> assertThat(c).isEqualTo(small));
    }

    /** Chunk lengths by the rule of docs/OFFSITE-FORMAT.md, one byte at a time. */
    private static List<Integer> referenceCuts(byte[] data) {
        Chunker.Sizes sizes = Chunker.CONTENT;
        int average = 1 << sizes.averageBits();
        long small = -1L << (64 - sizes.averageBits() - 2);
        long large = -1L << (64 - sizes.averageBits() + 2);
        List<Integer> lengths = new ArrayList<>();
        int length = 0;
        long hash = 0;
        for (byte b : data) {
            length++;
            if (length < sizes.minimum()) {
                continue;
            }
            hash = (hash << 1) + GEAR[b & 0xff];
            if ((hash & (length < average ? small : large)) == 0 || length >= sizes.maximum()) {
                lengths.add(length);
                length = 0;
                hash = 0;
            }
        }
        if (length > 0) {
            lengths.add(length);
        }
        return lengths;
    }

    @Test
    void aRunOfZerosIsCutAtTheMaximum() {
        List<byte[]> chunks = chunks(new byte[9 << 20], 1 << 20);
        assertThat(chunks.get(0)).hasSize(Chunker.CONTENT.maximum());
    }

    private static Set<Integer> hashes(List<byte[]> chunks) {
        Set<Integer> hashes = new HashSet<>();
        chunks.forEach(c -> hashes.add(Arrays.hashCode(c)));
        return hashes;
    }
}
