package io.kaizen.backup.transfer.delta;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kaizen.backup.fs.HashingChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;

/**
 * Fuzz target for a delta body as a hostile node sends it (docs/PROTOCOL.md, "Delta exchange"): the collector
 * replays it with {@link DeltaWire#replay} into a {@link DeltaApplier} on its old copy, through the size-bounded
 * channel a pull writes through (as collect.pull.PullWriter does). The input's first 8 bytes choose the old
 * copy's length and the size the node announced; the rest is the body. The body may be refused only with an
 * {@link IOException} or the bound's own error. A body that is accepted must have produced exactly what its
 * instructions say, from the first {@code oldLength} bytes of the old copy and its literals only, and no more
 * than the announced size; any other exception, a hang or running out of memory is a finding. The normal test
 * run replays the seeds under {@code DeltaWireFuzzTestInputs/}; {@code ./fuzz} runs it for real.
 */
class DeltaWireFuzzTest {
    /** The longest old copy and announced size a case uses: enough for several blocks of every small geometry. */
    private static final int MAX_OLD = 1 << 18;
    private static final int MAX_ANNOUNCED = 1 << 20;
    private static final byte[] OLD = new byte[MAX_OLD];
    private static final FileChannel OLD_FILE = oldFile();

    /** The bound of the channel a pull writes through was hit: the refusal a too-long body gets. */
    private static final class OverAnnounced extends RuntimeException {
        OverAnnounced(long limit) {
            super("more than the " + limit + " bytes announced");
        }
    }

    /** One old copy per JVM, of pseudo-random bytes, longer than any case uses (reads past its length show). */
    private static FileChannel oldFile() {
        new Random(18).nextBytes(OLD);
        try {
            Path file = Files.createTempFile("kaizen-fuzz-old", ".bin");
            file.toFile().deleteOnExit();
            Files.write(file, OLD);
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void collectorReplaysADelta(byte[] input) {
        if (input.length < 8) {
            return;
        }
        ByteBuffer head = ByteBuffer.wrap(input, 0, 8);
        int oldLength = Math.floorMod(head.getInt(), MAX_OLD + 1);
        int announced = Math.floorMod(head.getInt(), MAX_ANNOUNCED + 1);
        int blockSize = Signature.blockSizeFor(oldLength);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        HashingChannel bounded = HashingChannel.bounded(Channels.newChannel(written), announced, OverAnnounced::new);
        DeltaApplier applier = new DeltaApplier(OLD_FILE, oldLength, blockSize, bounded);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DeltaSink recorded = new DeltaSink() {
            @Override
            public void copy(int firstBlock, int count) throws IOException {
                applier.copy(firstBlock, count);
                long start = (long) firstBlock * blockSize;
                expected.write(OLD, (int) start, (int) Math.min((long) count * blockSize, oldLength - start));
            }

            @Override
            public void literal(byte[] buffer, int offset, int length) throws IOException {
                applier.literal(buffer, offset, length);
                expected.write(buffer, offset, length);
            }

            @Override
            public void end() throws IOException {
                applier.end();
            }
        };
        try {
            DeltaWire.replay(new DataInputStream(new ByteArrayInputStream(input, 8, input.length - 8)),
                    new DeltaStats(recorded), blockSize, announced);
        } catch (IOException | OverAnnounced e) {
            return; // refused: a broken instruction, a block outside the old copy, or more than announced
        }
        byte[] out = written.toByteArray();
        if (out.length > announced || applier.written() != out.length || !Arrays.equals(out, expected.toByteArray())) {
            throw new AssertionError("an accepted delta wrote " + out.length + " bytes (" + applier.written()
                    + " counted, " + announced + " announced) that are not what its instructions say on an old copy of "
                    + oldLength + " bytes");
        }
    }
}
