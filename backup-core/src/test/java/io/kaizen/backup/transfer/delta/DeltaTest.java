package io.kaizen.backup.transfer.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Random;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

class DeltaTest {
    @TempDir
    Path tmp;

    private static byte[] random(Random random, int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }

    /** Applies random edits: overwrites, insertions and deletions of a few bytes to a few KiB. */
    private static byte[] edit(Random random, byte[] old, int edits) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        int[] at = random.ints(edits, 0, Math.max(1, old.length)).sorted().toArray();
        for (int cut : at) {
            if (cut < pos) {
                continue;
            }
            out.write(old, pos, cut - pos);
            int size = 1 + random.nextInt(2000);
            switch (random.nextInt(3)) {
                case 0 -> out.writeBytes(random(random, size));
                case 1 -> {
                    out.writeBytes(random(random, size));
                    cut = Math.min(old.length, cut + size);
                }
                default -> cut = Math.min(old.length, cut + size);
            }
            pos = cut;
        }
        out.write(old, pos, old.length - pos);
        return out.toByteArray();
    }

    private record Applied(byte[] result, long literal) {
    }

    private Applied roundTrip(byte[] old, byte[] fresh, boolean overTheWire, StrongHash hash) throws IOException {
        Path oldFile = Files.write(tmp.resolve("old"), old);
        Signature signature = signatureOf(oldFile, old.length, hash);
        if (overTheWire) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DeltaWire.writeSignature(signature, new DataOutputStream(bytes));
            signature = DeltaWire.readSignature(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), old.length,
                    hash).orElseThrow();
        }
        ByteArrayOutputStream delta = new ByteArrayOutputStream();
        DeltaStats stats;
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        try (FileChannel channel = FileChannel.open(oldFile, StandardOpenOption.READ)) {
            DeltaApplier applier = new DeltaApplier(channel, old.length, signature.blockSize(), Channels.newChannel(result));
            if (overTheWire) {
                stats = new DeltaStats(DeltaWire.writer(new DataOutputStream(delta)));
                DeltaEncoder.encode(signature, new ByteArrayInputStream(fresh), stats);
                DeltaWire.replay(new DataInputStream(new ByteArrayInputStream(delta.toByteArray())), applier,
                        signature.blockSize(), fresh.length);
            } else {
                stats = new DeltaStats(applier);
                DeltaEncoder.encode(signature, new ByteArrayInputStream(fresh), stats);
            }
        }
        assertThat(Files.readAllBytes(oldFile)).as("the old file is never modified").isEqualTo(old);
        return new Applied(result.toByteArray(), stats.literalBytes());
    }

    private static Signature signatureOf(Path file, long length, StrongHash hash) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return Signature.of(channel, length, hash);
        }
    }

    /** The expected strong hash of a block, computed by another implementation than the signature's. */
    private static byte[] strongHash(StrongHash hash, byte[] data, int from, int to) throws Exception {
        if (hash == StrongHash.MD5) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(data, from, to - from);
            return md5.digest();
        }
        return ByteBuffer.allocate(8).putLong(XXHashFactory.safeInstance().hash64().hash(data, from, to - from, 0)).array();
    }

    @Test
    void xxh64IsTheReferenceXxh64WithSeedZeroBigEndian() {
        byte[] out = new byte[8];
        StrongHash.XXH64.hasher().hash(new byte[0], 0, 0, out, 0);
        assertThat(ByteBuffer.wrap(out).getLong()).as("XXH64 of nothing, seed 0").isEqualTo(0xef46db3751d8e999L);
        assertThat(StrongHash.XXH64.length()).isEqualTo(8);
        assertThat(StrongHash.MD5.length()).isEqualTo(16);
    }

    @ParameterizedTest
    @EnumSource(StrongHash.class)
    void theSignatureHoldsEachBlocksWeakSumAndStrongHashWhateverThreadSummedIt(StrongHash hash) throws Exception {
        Random random = new Random(3);
        for (int length : new int[] {0, 1, 699, 700, 701, 489_999, 3_000_001, 40_000_000}) {
            byte[] data = random(random, length);
            Signature signature = signatureOf(Files.write(tmp.resolve("sig"), data), length, hash);
            assertThat(signature.hash()).isEqualTo(hash);
            int blockSize = Signature.blockSizeFor(length);
            assertThat(signature.blockSize()).isEqualTo(blockSize);
            assertThat(signature.blocks()).isEqualTo((length + blockSize - 1) / blockSize);
            for (int i = 0; i < signature.blocks(); i++) {
                int from = i * blockSize;
                int to = Math.min(length, from + blockSize);
                int a = 0;
                int b = 0;
                for (int j = from; j < to; j++) {
                    a += data[j];
                    b += a;
                }
                assertThat(signature.weak()[i]).as("weak sum of block " + i).isEqualTo((a & 0xffff) | (b << 16));
                assertThat(signature.strongEquals(i, strongHash(hash, data, from, to))).as(hash + " of block " + i).isTrue();
            }
        }
    }

    @Test
    void aSignatureOfAFileShorterThanSaidFails() throws IOException {
        Path file = Files.write(tmp.resolve("short"), new byte[10_000]);
        assertThatThrownBy(() -> signatureOf(file, 3_000_000, StrongHash.XXH64)).hasMessageContaining("shrank");
    }

    @Test
    void blockSizesFollowRsync() {
        assertThat(Signature.blockSizeFor(0)).isEqualTo(700);
        assertThat(Signature.blockSizeFor(490_000)).isEqualTo(700);
        assertThat(Signature.blockSizeFor(1_000_000)).isEqualTo(1000);
        assertThat(Signature.blockSizeFor(1L << 30)).isEqualTo(32768);
        assertThat(Signature.blockSizeFor(10_000_000)).isEqualTo(3160);
        assertThat(Signature.blockSizeFor(1L << 40)).isEqualTo(131072);
        for (long length = 500_000; length < 1L << 36; length = length * 3 / 2) {
            int size = Signature.blockSizeFor(length);
            assertThat(size % 8).isZero();
            assertThat((long) size * size).isLessThanOrEqualTo(length);
        }
    }

    @Test
    void theRollingChecksumEqualsAFreshOneAtEveryOffset() {
        byte[] data = random(new Random(1), 5000);
        RollingChecksum rolling = new RollingChecksum();
        rolling.reset(data, 0, 700);
        for (int i = 1; i + 700 <= data.length; i++) {
            rolling.roll(data[i - 1], data[i + 699]);
            assertThat(rolling.value()).isEqualTo(RollingChecksum.of(data, i, 700));
        }
    }

    @ParameterizedTest
    @EnumSource(StrongHash.class)
    void randomEditsRoundTripExactlyWithLiteralDataNearTheChangedBytes(StrongHash hash) throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 40; round++) {
            byte[] old = random(random, random.nextInt(3_000_000));
            int edits = random.nextInt(20);
            byte[] fresh = edit(random, old, edits);
            Applied applied = roundTrip(old, fresh, round % 2 == 0, hash);
            assertThat(applied.result()).as("round " + round).isEqualTo(fresh);
            int blockSize = Signature.blockSizeFor(old.length);
            assertThat(applied.literal()).as("round " + round)
                    .isLessThanOrEqualTo((long) edits * (2000 + 2L * blockSize) + blockSize);
        }
    }

    /** Encodes {@code fresh} from a file in two halves on two threads, applies it to {@code old}; returns the result. */
    private Applied splitRoundTrip(byte[] old, byte[] fresh, StrongHash hash) throws IOException {
        Path oldFile = Files.write(tmp.resolve("old"), old);
        Path freshFile = Files.write(tmp.resolve("fresh"), fresh);
        Signature signature = signatureOf(oldFile, old.length, hash);
        ByteArrayOutputStream delta = new ByteArrayOutputStream();
        DeltaStats stats = new DeltaStats(DeltaWire.writer(new DataOutputStream(delta)));
        try (FileChannel in = FileChannel.open(freshFile, StandardOpenOption.READ)) {
            DeltaEncoder.encode(signature, in, fresh.length, 0, stats);
        }
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        try (FileChannel channel = FileChannel.open(oldFile, StandardOpenOption.READ)) {
            DeltaWire.replay(new DataInputStream(new ByteArrayInputStream(delta.toByteArray())),
                    new DeltaApplier(channel, old.length, signature.blockSize(), Channels.newChannel(result)),
                    signature.blockSize(), fresh.length);
        }
        return new Applied(result.toByteArray(), stats.literalBytes());
    }

    @Test
    void aFileEncodedInTwoHalvesOnTwoThreadsRoundTripsWithAtMostABlockMoreLiteralData() throws IOException {
        Random random = new Random(11);
        for (int round = 0; round < 12; round++) {
            byte[] old = random(random, 1 + random.nextInt(3_000_000));
            int edits = random.nextInt(20);
            byte[] fresh = edit(random, old, edits);
            Applied applied = splitRoundTrip(old, fresh, round % 2 == 0 ? StrongHash.XXH64 : StrongHash.MD5);
            assertThat(applied.result()).as("round " + round).isEqualTo(fresh);
            int blockSize = Signature.blockSizeFor(old.length);
            assertThat(applied.literal()).as("round " + round)
                    .isLessThanOrEqualTo((long) edits * (2000 + 2L * blockSize) + 2L * blockSize);
        }
        byte[] same = random(random, 2_000_000);
        assertThat(splitRoundTrip(same, same, StrongHash.XXH64).literal()).as("an unchanged file, split").isZero();
    }

    @Test
    void aSecondHalfOfMoreLiteralDataThanItsQueueHoldsWaitsForTheFirst() throws IOException {
        Random random = new Random(12);
        byte[] fresh = random(random, 3 * DeltaEncoder.QUEUED_LITERAL);
        Applied applied = splitRoundTrip(random(random, 1_000_000), fresh, StrongHash.XXH64);
        assertThat(applied.result()).isEqualTo(fresh);
        assertThat(applied.literal()).isEqualTo(fresh.length);
    }

    @Test
    void aFileShorterThanAnnouncedFailsTheSplitDeltaFromTheSecondHalfsThread() throws IOException {
        Path oldFile = Files.write(tmp.resolve("old"), new byte[100_000]);
        Path freshFile = Files.write(tmp.resolve("fresh"), new byte[100_000]);
        Signature signature = signatureOf(oldFile, 100_000, StrongHash.XXH64);
        try (FileChannel in = FileChannel.open(freshFile, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> DeltaEncoder.encode(signature, in, 180_000, 0,
                    DeltaWire.writer(new DataOutputStream(new ByteArrayOutputStream()))))
                    .isInstanceOf(IOException.class).hasMessageContaining("shrank");
        }
    }

    @ParameterizedTest
    @EnumSource(StrongHash.class)
    void edgeCasesRoundTrip(StrongHash hash) throws IOException {
        Random random = new Random(7);
        byte[] some = random(random, 100_000);
        byte[][][] cases = {
                {new byte[0], new byte[0]},
                {new byte[0], some},
                {some, new byte[0]},
                {some, some},
                {some, java.util.Arrays.copyOf(some, 99_999)},
                {some, java.util.Arrays.copyOfRange(some, 1, some.length)},
                {new byte[70_000], new byte[140_000]},
                {some, random(random, 100_000)},
        };
        for (byte[][] c : cases) {
            assertThat(roundTrip(c[0], c[1], true, hash).result()).isEqualTo(c[1]);
        }
        assertThat(roundTrip(some, some, false, hash).literal()).isZero();
    }

    @Test
    void literalChunksShorterAndLongerThanTheOnesBeforeReplayWhole() throws IOException {
        Random random = new Random(17);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ByteArrayOutputStream delta = new ByteArrayOutputStream();
        DeltaSink writer = DeltaWire.writer(new DataOutputStream(delta));
        for (int length : new int[] {3, 1, 70_000, 5, 200_000, DeltaWire.MAX_LITERAL + 10, 7}) {
            byte[] literal = random(random, length);
            writer.literal(literal, 0, length);
            expected.write(literal);
        }
        writer.end();
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        DeltaWire.replay(new DataInputStream(new ByteArrayInputStream(delta.toByteArray())),
                new DeltaApplier(null, 0, 700, Channels.newChannel(result)), 700, expected.size());

        assertThat(result.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void aDeltaFromAnUntrustedPeerCannotReadOutsideTheOldFile() throws IOException {
        Path oldFile = Files.write(tmp.resolve("old"), new byte[10_000]);
        try (FileChannel channel = FileChannel.open(oldFile, StandardOpenOption.READ)) {
            DeltaApplier applier = new DeltaApplier(channel, 10_000, 700, Channels.newChannel(new ByteArrayOutputStream()));
            assertThatThrownBy(() -> applier.copy(14, 2)).hasMessageContaining("refers to blocks");
            assertThatThrownBy(() -> applier.copy(-1, 1)).hasMessageContaining("refers to blocks");
        }
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bad);
        out.writeByte('L');
        out.writeInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> DeltaWire.replay(new DataInputStream(new ByteArrayInputStream(bad.toByteArray())),
                new DeltaStats(new DeltaApplier(null, 0, 700, null)), 700, 100)).hasMessageContaining("refusing literal");
        ByteArrayOutputStream sig = new ByteArrayOutputStream();
        DataOutputStream sigOut = new DataOutputStream(sig);
        sigOut.writeLong(1L << 40);
        sigOut.writeInt(131072);
        sigOut.writeInt(8388608);
        assertThat(DeltaWire.readSignature(new DataInputStream(new ByteArrayInputStream(sig.toByteArray())), 1L << 41,
                StrongHash.XXH64))
                .as("8 Mi blocks, over the cap: not read, the file goes whole").isEmpty();
        ByteArrayOutputStream forged = new ByteArrayOutputStream();
        DataOutputStream forgedOut = new DataOutputStream(forged);
        forgedOut.writeLong(134_217_727L);
        forgedOut.writeInt(1);
        forgedOut.writeInt(134_217_727);
        assertThatThrownBy(() -> DeltaWire.readSignature(new DataInputStream(new ByteArrayInputStream(forged.toByteArray())),
                Long.MAX_VALUE, StrongHash.MD5)).as("not rsync's block size for that length").hasMessageContaining("refusing signature")
                .hasMessageContaining("block size 1");
    }
}
