package io.kaizen.backup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.fs.TreeRemoval;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.testing.Commands;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 3 on a directory target: what goes in comes back exactly, encrypted at rest, incrementally. */
class OffsiteRoundTripIT {
    private static final String MARKER = "PLAINTEXT-MARKER-7f3a";

    @Test
    void everySnapshotComesBackEntryByEntryAfterTheCollectorStoreIsGoneAndNoPlaintextIsAtRest(@TempDir Path tmp)
            throws Exception {
        OffsiteFixture fixture = new OffsiteFixture(tmp);
        Path sourceA = sourceTree(tmp.resolve("a"), 1);
        Path sourceB = sourceTree(tmp.resolve("b"), 2);
        fixture.snapshot("node-a", "2026-11-20", sourceA);
        fixture.snapshot("node-b", "2026-11-20", sourceB);
        TreeBuilder.at(sourceA).file("etc/changed.conf", "second day " + MARKER + "\n");
        fixture.snapshot("node-a", "2026-11-21", sourceA);
        Files.createDirectories(fixture.collectorStore.resolve("node-a/2026-11-22.partial/etc"));
        OffsiteKeys keys = fixture.init();

        ReplicateReport first = fixture.replicate(keys);

        assertThat(first.sent()).containsExactly("node-a/2026-11-20", "node-b/2026-11-20", "node-a/2026-11-21");
        Map<String, TreeListing> expected = new LinkedHashMap<>();
        for (String snapshot : first.sent()) {
            expected.put(snapshot, TreeListing.of(fixture.collectorStore.resolve(snapshot)));
        }
        assertThat(SnapshotStore.at(fixture.collectorStore.resolve("node-a")).offsiteConfirmed().orElseThrow()
                .dates()).extracting(Object::toString).containsExactly("2026-11-20", "2026-11-21");
        TreeRemoval.delete(fixture.collectorStore);

        for (Map.Entry<String, TreeListing> snapshot : expected.entrySet()) {
            String[] nodeDate = snapshot.getKey().split("/");
            Path to = tmp.resolve("restored-" + nodeDate[0] + "-" + nodeDate[1]);
            OffsiteRestorer.Result restored = OffsiteRestorer.restore(fixture.target(), keys,
                    new OffsiteRestorer.Request(nodeDate[0], nodeDate[1], Path.of("/"), to));
            assertThat(restored.date()).isEqualTo(nodeDate[1]);
            assertThat(TreeListing.of(to).differences(snapshot.getValue())).as(snapshot.getKey()).isEmpty();
            Commands.bytes(to, "sha256sum", "--quiet", "-c", ".kaizen/SHA256SUMS");
        }
        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        for (String object : fixture.objects()) {
            byte[] content = Files.readAllBytes(fixture.repository.resolve(object));
            assertThat(indexOf(content, marker)).as(object).isEqualTo(-1);
            assertThat(object).doesNotContain(MARKER).doesNotContain("node-").doesNotContain("2026");
        }
    }

    @Test
    void aSubtreeRestoresUnderItsAbsoluteNameAndAnExistingDestinationIsRefused(@TempDir Path tmp) throws Exception {
        OffsiteFixture fixture = new OffsiteFixture(tmp);
        Path source = sourceTree(tmp.resolve("src"), 3);
        fixture.snapshot("node-a", "2026-11-20", source);
        OffsiteKeys keys = fixture.init();
        fixture.replicate(keys);
        String etc = source.toString().substring(1) + "/etc";
        Path to = tmp.resolve("to");

        OffsiteRestorer.restore(fixture.target(), keys,
                new OffsiteRestorer.Request("node-a", "latest", source.resolve("etc"), to));

        assertThat(TreeListing.of(to.resolve(etc)).differences(
                TreeListing.of(fixture.collectorStore.resolve("node-a/2026-11-20").resolve(etc)))).isEmpty();
        assertThatThrownBy(() -> OffsiteRestorer.restore(fixture.target(), keys,
                new OffsiteRestorer.Request("node-a", "latest", source.resolve("etc"), to)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exists");
        assertThatThrownBy(() -> OffsiteRestorer.restore(fixture.target(), keys,
                new OffsiteRestorer.Request("node-a", "2026-11-19", Path.of("/"), tmp.resolve("x"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("node-a/2026-11-19");
    }

    @Test
    void anUnchangedFleetSendsAlmostNothingAndAChangedMegabyteSendsAboutOneChunk(@TempDir Path tmp) throws Exception {
        OffsiteFixture fixture = new OffsiteFixture(tmp);
        Path sourceA = sourceTree(tmp.resolve("a"), 4);
        Path sourceB = sourceTree(tmp.resolve("b"), 5);
        byte[] image = new byte[48 << 20];
        new Random(6).nextBytes(image);
        Files.write(sourceA.resolve("image.raw"), image);
        fixture.snapshot("node-a", "2026-11-20", sourceA);
        fixture.snapshot("node-b", "2026-11-20", sourceB);
        OffsiteKeys keys = fixture.init();
        ReplicateReport first = fixture.replicate(keys);

        fixture.snapshot("node-a", "2026-11-21", sourceA);
        fixture.snapshot("node-b", "2026-11-21", sourceB);
        ReplicateReport unchanged = fixture.replicate(keys);

        assertThat(unchanged.sent()).hasSize(2);
        assertThat(unchanged.filesFromCache()).isPositive();
        assertThat(unchanged.filesRead()).as("only files not hard-linked to the day before are read")
                .isEqualTo(unlinkedFiles(fixture.collectorStore.resolve("node-a/2026-11-21"))
                        + unlinkedFiles(fixture.collectorStore.resolve("node-b/2026-11-21")))
                .isLessThan(10);
        assertThat((double) unchanged.bytesWritten()).isLessThan(0.005 * first.bytesWritten());

        byte[] region = new byte[1 << 20];
        new Random(7).nextBytes(region);
        try (RandomAccessFile file = new RandomAccessFile(sourceA.resolve("image.raw").toFile(), "rw")) {
            file.seek(20L << 20);
            file.write(region);
        }
        fixture.snapshot("node-a", "2026-11-22", sourceA);
        ReplicateReport changed = fixture.replicate(keys);

        System.out.printf("OffsiteRoundTripIT: first replicate %d bytes, unchanged fleet %d bytes (%.3f %%), "
                + "1 MiB changed in a 48 MiB image %d bytes%n", first.bytesWritten(), unchanged.bytesWritten(),
                100.0 * unchanged.bytesWritten() / first.bytesWritten(), changed.bytesWritten());
        assertThat(changed.sent()).containsExactly("node-a/2026-11-22");
        assertThat(changed.bytesWritten()).as("the chunks around the change (cut points depend on the random key: "
                + "typically 2-6 MiB), far from the image's 48 MiB").isGreaterThan(1 << 20).isLessThan(12L << 20);
        Path to = tmp.resolve("to");
        OffsiteRestorer.restore(fixture.target(), keys, new OffsiteRestorer.Request("node-a", "2026-11-22",
                sourceA.resolve("image.raw"), to));
        assertThat(Files.mismatch(to.resolve(sourceA.toString().substring(1)).resolve("image.raw"),
                sourceA.resolve("image.raw"))).isEqualTo(-1);
    }

    @Test
    void aFlippedByteNamesTheObjectAndTheSnapshotWhileOtherSnapshotsStillRestoreEvenWithoutAnIndex(@TempDir Path tmp)
            throws Exception {
        OffsiteFixture fixture = new OffsiteFixture(tmp);
        fixture.snapshot("node-a", "2026-11-20", sourceTree(tmp.resolve("a"), 8));
        OffsiteKeys keys = fixture.init();
        fixture.replicate(keys);
        List<String> before = fixture.objects();
        fixture.snapshot("node-b", "2026-11-20", sourceTree(tmp.resolve("b"), 9));
        fixture.replicate(keys);
        List<String> onlyB = new ArrayList<>(fixture.objects());
        onlyB.removeAll(before);
        String pack = onlyB.stream().filter(k -> k.startsWith("data/")).findFirst().orElseThrow();
        String root = onlyB.stream().filter(k -> k.startsWith("roots/")).findFirst().orElseThrow();

        flipByte(fixture.repository.resolve(pack));

        assertThatThrownBy(() -> OffsiteRestorer.restore(fixture.target(), keys,
                new OffsiteRestorer.Request("node-b", "2026-11-20", Path.of("/"), tmp.resolve("b-restored"))))
                .isInstanceOf(OffsiteException.class)
                .hasMessageContaining("node-b/2026-11-20").hasMessageContaining(pack).hasMessageContaining("damaged");
        OffsiteRestorer.restore(fixture.target(), keys,
                new OffsiteRestorer.Request("node-a", "2026-11-20", Path.of("/"), tmp.resolve("a-restored")));
        Commands.bytes(tmp.resolve("a-restored"), "sha256sum", "--quiet", "-c", ".kaizen/SHA256SUMS");

        flipByte(fixture.repository.resolve(root));
        OffsiteCatalog.Listing listing = OffsiteCatalog.list(fixture.target(), keys, Optional.empty(),
                Optional.of(fixture.collectorStore));
        assertThat(listing.snapshots()).extracting(OffsiteSnapshot::node).containsExactly("node-a");
        assertThat(listing.problems()).singleElement().asString().contains("node-b/2026-11-20").contains(root);

        String index = before.stream().filter(k -> k.startsWith("index/")).findFirst().orElseThrow();
        flipByte(fixture.repository.resolve(index));
        assertThat(OffsiteCatalog.list(fixture.target(), keys, Optional.empty(),
                Optional.empty()).problems()).anySatisfy(p -> assertThat(p).contains(index));
        OffsiteRestorer.restore(fixture.target(), keys,
                new OffsiteRestorer.Request("node-a", "2026-11-20", Path.of("/"), tmp.resolve("a-again")));
        assertThat(TreeListing.of(tmp.resolve("a-again")).differences(TreeListing.of(tmp.resolve("a-restored"))))
                .isEmpty();
    }

    @Test
    void aWrongOrMissingKeyIsBadInputAndInitNeverReplacesAKeyOrARepository(@TempDir Path tmp) throws Exception {
        OffsiteFixture fixture = new OffsiteFixture(tmp);
        OffsiteKeys keys = fixture.init();
        byte[] keyBefore = Files.readAllBytes(fixture.keyFile);
        assertThat(Files.getPosixFilePermissions(fixture.keyFile)).hasSize(2);
        OffsiteKeys other = OffsiteKeys.generate(tmp.resolve("other.keyset"));
        assertThatThrownBy(() -> Replicator.run(fixture.target(), keys, fixture.collectorStore,
                OffsiteFixture.CLOCK, ReplicateListener.NONE)).isInstanceOf(ConfigException.class).hasMessageContaining("collector-store");
        Files.createDirectories(fixture.collectorStore);

        assertThatThrownBy(() -> Replicator.run(fixture.target(), other, fixture.collectorStore,
                OffsiteFixture.CLOCK, ReplicateListener.NONE)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("other.keyset").hasMessageContaining("wrong key");
        assertThatThrownBy(() -> OffsiteKeys.load(tmp.resolve("missing.keyset")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing.keyset");
        assertThatThrownBy(() -> OffsiteCatalog.init(fixture.target(), fixture.keyFile, Optional.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not empty");
        assertThatThrownBy(() -> OffsiteCatalog.init(new OffsiteFixture(tmp.resolve("new")).target(),
                fixture.keyFile, Optional.empty())).isInstanceOf(ConfigException.class).hasMessageContaining("never overwritten");
        assertThat(Files.readAllBytes(fixture.keyFile)).isEqualTo(keyBefore);
        assertThat(OffsiteCatalog.list(fixture.target(), keys, Optional.empty(),
                Optional.empty()).snapshots()).isEmpty();
    }

    /**
     * Files, a directory with odd modes and owners, hard links, a symlink, a fifo, a name that is not UTF-8, a
     * name and content with the marker, set mtimes; {@code seed} varies the content.
     */
    static Path sourceTree(Path root, int seed) throws Exception {
        byte[] random = new byte[3 << 20];
        new Random(seed).nextBytes(random);
        TreeBuilder tree = TreeBuilder.at(root)
                .file("etc/changed.conf", "first day " + MARKER + "\n")
                .file("etc/nova/nova.conf", "[DEFAULT]\nseed=" + seed + "\n")
                .file("etc/" + MARKER + ".conf", "named with the marker\n")
                .file("var/blob.bin".getBytes(StandardCharsets.UTF_8), random)
                .file("var/empty", "")
                .hardlink("var/blob-link.bin", "var/blob.bin")
                .symlink("etc/link", "nova/nova.conf")
                .fifo("var/pipe")
                .file(new byte[] {'o', 'd', 'd', '-', (byte) 0xff, (byte) 0xfe, '\n', 'x'}, "odd name\n".getBytes(
                        StandardCharsets.US_ASCII))
                .mode("etc/nova/nova.conf", 0640)
                .mode("etc/nova", 02750)
                .owner("etc/nova/nova.conf", 123, 456)
                .mtime("etc/nova/nova.conf", Instant.parse("2026-01-02T03:04:05.123456789Z"))
                .mtime("etc/link", Instant.parse("2025-05-06T07:08:09Z"));
        return tree.root();
    }

    private static long unlinkedFiles(Path snapshot) throws Exception {
        try (var files = Files.walk(snapshot)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return (int) Files.getAttribute(f, "unix:nlink") == 1;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).count();
        }
    }

    private static void flipByte(Path file) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long at = raf.length() / 2;
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x01);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
