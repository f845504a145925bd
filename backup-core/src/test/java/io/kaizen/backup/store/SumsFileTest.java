package io.kaizen.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

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
    void garbageIsRejected() {
        assertThatThrownBy(() -> SumsFile.parse("not a sum line".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
