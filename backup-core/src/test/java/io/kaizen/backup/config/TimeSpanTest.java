package io.kaizen.backup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeSpanTest {
    @Test
    void timeSpansParseAsOperatorsWriteThem() {
        assertThat(TimeSpan.parse("26h")).isEqualTo(Duration.ofHours(26));
        assertThat(TimeSpan.parse("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(TimeSpan.parse("1d12h")).isEqualTo(Duration.ofHours(36));
        assertThat(TimeSpan.parse("1w")).isEqualTo(Duration.ofDays(7));
        for (String bad : new String[] {"", "26", "h", "26x", "0h", "1h-", "-1h"}) {
            assertThatThrownBy(() -> TimeSpan.parse(bad)).as(bad).isInstanceOf(ConfigException.class);
        }
    }
}
