package io.kaizen.backup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {
    @ParameterizedTest
    @CsvSource({"0, 0", "4096, 4096", "64K, 65536", "64k, 65536", "64M, 67108864", "64MiB, 67108864",
            "' 1 G ', 1073741824", "2T, 2199023255552"})
    void sizesAreBytesOrBinaryUnits(String text, long bytes) {
        assertThat(ByteSize.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "64X", "1.5G", "M", "64 MB B", "99999999999999999999", "9999999999T"})
    void anythingElseIsRefusedWithTheTextInTheMessage(String text) {
        assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }
}
