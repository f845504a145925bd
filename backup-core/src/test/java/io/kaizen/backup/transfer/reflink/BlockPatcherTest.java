package io.kaizen.backup.transfer.reflink;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.fs.NativeNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockPatcherTest {
    @TempDir
    Path tmp;

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }

    @Test
    void onlyTheBlocksThatDifferAreWrittenAndTheResultEqualsTheSource() throws Exception {
        byte[] old = random(5 * 1024 * 1024 + 123, 1);
        byte[] now = old.clone();
        now[10] ^= 1;
        now[1024 * 1024 - 1] ^= 1;
        now[1024 * 1024] ^= 1;
        now[now.length - 1] ^= 1;
        Path source = Files.write(tmp.resolve("source"), now);
        Path target = Files.write(tmp.resolve("target"), old);

        BlockPatcher.Patched patched = BlockPatcher.patch(source, target);

        assertThat(Files.mismatch(source, target)).isEqualTo(-1L);
        assertThat(patched.compared()).isEqualTo(now.length);
        assertThat(patched.written()).as("blocks 0, 255, 256 and the short last one")
                .isEqualTo(3L * BlockPatcher.BLOCK + (now.length % BlockPatcher.BLOCK));
    }

    @Test
    void aGrownFileIsExtendedAndAShrunkOneTruncated() throws Exception {
        byte[] old = random(3 * 1024 * 1024, 2);
        byte[] grown = new byte[old.length + 10_000];
        System.arraycopy(old, 0, grown, 0, old.length);
        System.arraycopy(random(10_000, 3), 0, grown, old.length, 10_000);
        Path target = Files.write(tmp.resolve("target"), old);
        BlockPatcher.Patched patched = BlockPatcher.patch(Files.write(tmp.resolve("grown"), grown), target);
        assertThat(Files.readAllBytes(target)).isEqualTo(grown);
        assertThat(patched.written()).isEqualTo(10_000);

        byte[] shrunk = java.util.Arrays.copyOf(grown, 1_000_000);
        BlockPatcher.Patched cut = BlockPatcher.patch(Files.write(tmp.resolve("shrunk"), shrunk), target);
        assertThat(Files.readAllBytes(target)).isEqualTo(shrunk);
        assertThat(cut.written()).isZero();
    }

    @Test
    void identicalFilesAreNotWrittenAtAll() throws Exception {
        byte[] data = random(2 * 1024 * 1024 + 5, 4);
        Path target = Files.write(tmp.resolve("target"), data);
        assertThat(BlockPatcher.patch(Files.write(tmp.resolve("source"), data), target).written()).isZero();
    }

    @Test
    void rsyncsItemizedNamesAreUnescapedToBytesAndOnlyFileTransfersCount() {
        String output = String.join("\n",
                "cd+++++++++ /var/lib/images/",
                ">f.st...... /var/lib/images/foreman.qcow2",
                ">f+++++++++ /var/lib/images/new disk.raw",
                ">f..t...... /var/lib/images/caf\\#303\\#251.img",
                ">f..t...... /var/lib/images/odd\\name",
                "hf+++++++++ /var/lib/images/linked => other",
                "");
        List<byte[]> names = ReflinkSeeder.parseItemized(output);
        assertThat(names).extracting(n -> NativeNames.display(n)).containsExactly(
                "var/lib/images/foreman.qcow2", "var/lib/images/new disk.raw", "var/lib/images/café.img");
        assertThat(new String(names.get(2), StandardCharsets.UTF_8)).isEqualTo("var/lib/images/café.img");
    }
}
