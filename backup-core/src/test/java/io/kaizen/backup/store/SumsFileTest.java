package io.kaizen.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.fs.NativeNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SumsFileTest {
    private static final byte[] SUM = HexFormat.of().parseHex(
            "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881");

    @Test
    void plainNamesAreWrittenAsSha256sumDoes() {
        byte[] line = SumsFile.format(new SumsFile.Line("etc/nova/nova.conf".getBytes(StandardCharsets.UTF_8), SUM));
        assertThat(new String(line, StandardCharsets.UTF_8))
                .isEqualTo("2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881  etc/nova/nova.conf\n");
    }

    @Test
    void backslashNewlineAndCarriageReturnAreEscapedWithALeadingBackslash() {
        byte[] name = "a\\b\nc\rd".getBytes(StandardCharsets.UTF_8);
        String line = new String(SumsFile.format(new SumsFile.Line(name, SUM)), StandardCharsets.UTF_8);
        assertThat(line).startsWith("\\2d71").endsWith("  a\\\\b\\nc\\rd\n");
    }

    @Test
    void everyByteSequenceRoundTrips() {
        byte[][] names = {
                "plain".getBytes(StandardCharsets.UTF_8),
                {'c', 'a', 'f', (byte) 0xe9},
                {(byte) 0xff, '\\', '\n', '\r', ' ', '*', '?', '['},
                "-leading dash".getBytes(StandardCharsets.UTF_8),
                "dir/sub/\\file".getBytes(StandardCharsets.UTF_8),
        };
        for (byte[] name : names) {
            byte[] formatted = SumsFile.format(new SumsFile.Line(name, SUM));
            SumsFile.Line parsed = SumsFile.parse(Arrays.copyOf(formatted, formatted.length - 1));
            assertThat(parsed.relative()).as(NativeNames.display(name)).isEqualTo(name);
            assertThat(parsed.sha256()).isEqualTo(SUM);
        }
    }

    @Test
    void aLongFileReadsBackLineForLineAcrossBufferBoundaries(@TempDir Path tmp) throws Exception {
        java.util.List<byte[]> names = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 20_000; i++) {
            byte[] name = new byte[1 + random.nextInt(300)];
            random.nextBytes(name);
            for (int j = 0; j < name.length; j++) {
                if (name[j] == 0) {
                    name[j] = '\n';
                }
            }
            names.add(name);
        }
        Path file = tmp.resolve("SHA256SUMS");
        try (SumsFile.Writer writer = new SumsFile.Writer(Files.newOutputStream(file))) {
            for (byte[] name : names) {
                writer.write(new SumsFile.Line(name, SUM));
            }
        }
        java.util.List<byte[]> read = new java.util.ArrayList<>();
        try (SumsFile.Reader reader = SumsFile.Reader.open(file)) {
            reader.forEachRemaining(line -> read.add(line.relative()));
        }
        assertThat(read).hasSize(names.size());
        for (int i = 0; i < names.size(); i++) {
            assertThat(read.get(i)).isEqualTo(names.get(i));
        }
    }

    @Test
    void upperCaseDigitsReadAsTheSameSumAndALastLineNeedsNoNewline(@TempDir Path tmp) throws Exception {
        String upper = HexFormat.of().withUpperCase().formatHex(SUM);
        Path file = Files.writeString(tmp.resolve("SHA256SUMS"), upper + "  a\n" + upper + "  b");
        try (SumsFile.Reader reader = SumsFile.Reader.open(file)) {
            SumsFile.Line first = reader.next();
            SumsFile.Line last = reader.next();
            assertThat(first.relative()).isEqualTo("a".getBytes(StandardCharsets.UTF_8));
            assertThat(first.sha256()).isEqualTo(SUM);
            assertThat(last.relative()).isEqualTo("b".getBytes(StandardCharsets.UTF_8));
            assertThat(last.sha256()).isEqualTo(SUM);
            assertThat(reader.hasNext()).isFalse();
        }
    }

    @Test
    void aSumWithADigitThatIsNotHexadecimalIsRefusedWithItsLineNumber(@TempDir Path tmp) throws Exception {
        String hex = HexFormat.of().formatHex(SUM);
        String bad = "g" + hex.substring(1);
        Path file = Files.writeString(tmp.resolve("SHA256SUMS"), hex + "  a\n" + bad + "  b\n");
        try (SumsFile.Reader reader = SumsFile.Reader.open(file)) {
            assertThat(reader.next().relative()).isEqualTo("a".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(reader::next).isInstanceOf(StoreException.class)
                    .hasMessageEndingWith("SHA256SUMS:2: not a hexadecimal digit: g");
        }
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> SumsFile.parse("not a sum line".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLineLongerThanTheLongestValidOneIsRefusedWithoutReadingItWhole(@TempDir Path tmp) throws Exception {
        byte[] longest = new byte[4096];
        Arrays.fill(longest, (byte) '\\');
        byte[] valid = SumsFile.format(new SumsFile.Line(longest, SUM));
        assertThat(valid).hasSize(SumsFile.MAX_LINE);
        Path ok = Files.write(tmp.resolve("ok"), valid);
        try (SumsFile.Reader reader = SumsFile.Reader.open(ok)) {
            assertThat(reader.next().relative()).isEqualTo(longest);
        }
        byte[] endless = new byte[1 << 20];
        Arrays.fill(endless, (byte) 'a');
        Path bad = Files.write(tmp.resolve("bad"), endless);
        try (SumsFile.Reader reader = SumsFile.Reader.open(bad)) {
            assertThatThrownBy(reader::hasNext).isInstanceOf(StoreException.class)
                    .hasMessageEndingWith("bad:1: a line longer than 8260 bytes (not a SHA256SUMS line)");
        }
    }
}
