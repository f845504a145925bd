package io.kaizen.backup.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.collect.CollectRequest;
import io.kaizen.backup.collect.RetrySchedule;
import io.kaizen.backup.remote.BandwidthLimit;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class CollectSpecTest {
    private static CollectSpec.Builder builder() {
        return CollectSpec.builder(Path.of("/srv/backups"), Path.of("/etc/kaizen/id_ed25519"),
                Path.of("/etc/kaizen/known_hosts")).node("n1", "10.0.0.1");
    }

    @Test
    void byDefaultASinglePassWithoutBandwidthLimit() {
        CollectRequest request = builder().build().request("collector");
        assertThat(request.bandwidthLimit()).isEqualTo(BandwidthLimit.UNLIMITED);
        assertThat(request.retry()).isEmpty();
    }

    @Test
    void theBandwidthLimitAndRetryWindowReachTheRequest() {
        CollectRequest request = builder().bandwidthLimit(2048).retry(LocalTime.of(8, 0), Duration.ofMinutes(5)).build()
                .request("collector");
        assertThat(request.bandwidthLimit()).isEqualTo(new BandwidthLimit(2048));
        assertThat(request.retry()).contains(new RetrySchedule(LocalTime.of(8, 0), Duration.ofMinutes(5)));
    }

    @Test
    void outOfRangeValuesAreRefusedWhenGiven() {
        assertThatThrownBy(() -> builder().bandwidthLimit(-1)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> builder().retry(LocalTime.of(8, 0), Duration.ofDays(2)))
                .isInstanceOf(ConfigException.class);
    }
}
