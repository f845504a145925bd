package io.kaizen.backup.transfer.reflink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kaizen.backup.report.RunReport;
import io.kaizen.backup.snapshot.SnapshotJob;
import io.kaizen.backup.snapshot.SnapshotListener;
import io.kaizen.backup.snapshot.SnapshotRequest;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.store.ReflinkStats;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.testing.Commands;
import io.kaizen.backup.testing.XfsImage;
import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.verify.Verifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VM images on a file system with reflinks: a loop-mounted XFS holds the store; a 2 GiB image changes by 1%
 * between two snapshots. The second snapshot's copy must cost about the changed blocks on disk (under 10% of the
 * file), be byte-identical to the source, and leave the first snapshot's file untouched.
 */
class ReflinkXfsIT {
    private static final long IMAGE = 2L << 30;
    private static final int CHANGE = 64 << 10;

    @TempDir
    Path tmp;

    private static RunReport snapshot(Path store, String date, Path source) {
        Clock clock = Clock.fixed(Instant.parse(date + "T02:30:00Z"), ZoneOffset.UTC);
        return new SnapshotJob(clock, SnapshotListener.NONE).run(SnapshotRequest.builder().store(store).host("kvm-1")
                .engine("rsync").source(new PathSource(source, FilterRules.NONE, true, false, Optional.empty())).build());
    }

    @Test
    void aOnePercentChangeOfATwoGigabyteImageCostsItsChangedBlocksOnDisk() throws Exception {
        assumeTrue(Commands.isRoot(), "mounting an XFS image needs root");
        XfsImage xfs;
        try {
            xfs = XfsImage.create((IMAGE * 5) / 2 + (256L << 20));
        } catch (XfsImage.MountUnavailable e) {
            assumeTrue(false, e.getMessage());
            return;
        }
        try (xfs) {
            Path images = tmp.resolve("images");
            Path image = images.resolve("foreman.raw");
            Files.createDirectories(images);
            Files.writeString(images.resolve("foreman.xml"), "<domain/>");
            writeRandom(image, IMAGE, 1);
            Path store = xfs.mountPoint().resolve("backups");

            RunReport first = snapshot(store, "2026-11-23", images);
            assertThat(first.status()).as(first.failure().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
            Path before = store.resolve("2026-11-23").resolve(image.toString().substring(1));
            Object firstInode = Files.readAttributes(before, "unix:ino").get("ino");

            long changed = changeOnePercent(image);
            long usedBefore = xfs.usedBytes();
            RunReport second = snapshot(store, "2026-11-24", images);
            assertThat(second.status()).as(second.failure().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
            xfs.remount();
            long cost = xfs.usedBytes() - usedBefore;

            Path after = store.resolve("2026-11-24").resolve(image.toString().substring(1));
            ReflinkStats stats = second.sources().get(0).reflink();
            System.out.printf("reflink: 2 GiB image, %d bytes changed; second snapshot cost %d bytes on disk "
                    + "(%.2f%% of the file); %s%n", changed, cost, 100.0 * cost / IMAGE, stats);
            assertThat(stats.unavailable()).isNull();
            assertThat(stats.files()).isEqualTo(1);
            assertThat(stats.bytesWritten()).as("only the changed blocks were written").isEqualTo(changed);
            assertThat(cost).as("disk cost of the second snapshot").isLessThan(IMAGE / 10);
            assertThat(Files.mismatch(image, after)).as("byte-identical to the source").isEqualTo(-1L);
            assertThat(Files.getLastModifiedTime(after, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000)
                    .isEqualTo(Files.getLastModifiedTime(image).toMillis() / 1000);
            assertThat(Files.readAttributes(after, "unix:mode")).isEqualTo(Files.readAttributes(image, "unix:mode"));
            assertThat(Files.readAttributes(before, "unix:ino").get("ino")).isEqualTo(firstInode);
            assertThat(Files.readAttributes(after, "unix:ino").get("ino")).isNotEqualTo(firstInode);
            assertThat(second.counts().filesLinked()).as("the unchanged small file is hard-linked").isEqualTo(1);
            SnapshotStore snapshots = SnapshotStore.at(store);
            assertThat(Verifier.verify(snapshots.find(SnapshotName.parse("2026-11-23")).orElseThrow()).ok())
                    .as("the first snapshot's image is untouched").isTrue();
        }
    }

    @Test
    void withoutReflinksALargeChangedFileIsCopiedWholeAsRsyncWould() throws Exception {
        Path images = tmp.resolve("images");
        Path image = images.resolve("small.raw");
        Files.createDirectories(images);
        writeRandom(image, 16L << 20, 2);
        Path store = tmp.resolve("store");
        snapshot(store, "2026-11-23", images);
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 5 << 20);
        }
        Files.setLastModifiedTime(image, FileTime.from(Instant.parse("2026-11-23T12:00:00Z")));

        RunReport second = snapshot(store, "2026-11-24", images);

        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        String fsType = Commands.run("stat", "-f", "-c", "%T", store.toString()).strip();
        if (!fsType.equals("xfs") && !fsType.equals("btrfs")) {
            assertThat(second.sources().get(0).reflink().unavailable()).contains("no reflinked copy could be made");
        }
        Path after = store.resolve("2026-11-24").resolve(image.toString().substring(1));
        assertThat(Files.mismatch(image, after)).isEqualTo(-1L);
        assertThat(Files.getLastModifiedTime(after)).isEqualTo(Files.getLastModifiedTime(image));
    }

    /** Writes {@code size} pseudo-random bytes (every block distinct), fast. */
    private static void writeRandom(Path file, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long written = 0; written < size; written += buffer.capacity()) {
                buffer.clear();
                while (buffer.hasRemaining()) {
                    buffer.putLong(random.nextLong());
                }
                buffer.flip();
                buffer.limit((int) Math.min(buffer.capacity(), size - written));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        }
    }

    /** Overwrites 1% of the file in 64 KiB pieces at scattered, block-aligned offsets; returns the bytes changed. */
    private static long changeOnePercent(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        long size = Files.size(file);
        int pieces = (int) (size / 100 / CHANGE);
        long stride = size / pieces;
        byte[] data = new byte[CHANGE];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (int i = 0; i < pieces; i++) {
                random.nextBytes(data);
                long offset = (i * stride + random.nextLong(stride - CHANGE)) / 4096 * 4096;
                channel.write(ByteBuffer.wrap(data), offset);
            }
        }
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-23T12:00:00Z")));
        return (long) pieces * CHANGE;
    }
}
