package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void sizesAndAgesAreHumanReadable() {
        assertThat(Formats.size(512)).isEqualTo("512 B");
        assertThat(Formats.size(1536)).isEqualTo("1.5 KiB");
        assertThat(Formats.size(3L << 30)).isEqualTo("3.0 GiB");
        assertThat(Formats.age(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(Formats.age(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Formats.age(Duration.ofMinutes(26 * 60 + 5))).isEqualTo("26h 5m");
        assertThat(Formats.age(Duration.ofHours(75))).isEqualTo("3d 3h");
    }
}
