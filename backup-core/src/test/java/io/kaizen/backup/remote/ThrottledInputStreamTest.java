package io.kaizen.backup.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket on a fake monotonic clock that only the bucket's sleeps advance: no real waiting. */
class ThrottledInputStreamTest {
    private final AtomicLong now = new AtomicLong(1_000);

    private InputStream throttled(int size, long bytesPerSecond) {
        return new ThrottledInputStream(new ByteArrayInputStream(new byte[size]), bytesPerSecond, now::get,
                now::addAndGet);
    }

    @Test
    void readingTakesSizeOverRateLessTheInitialBurst() throws IOException {
        try (InputStream in = throttled(4 << 20, 1024 * 1024)) {
            assertThat(in.readAllBytes()).hasSize(4 << 20);
        }
        double seconds = (now.get() - 1_000) / 1e9;
        assertThat(seconds).as("4 MiB at 1 MiB/s, the first tenth of a second's worth free").isBetween(3.85, 3.95);
    }

    @Test
    void byteByByteReadsAreThrottledToo() throws IOException {
        try (InputStream in = throttled(1000, 100)) {
            while (in.read() >= 0) {
                continue;
            }
        }
        assertThat((now.get() - 1_000) / 1e9).isBetween(9.8, 10.0);
    }

    @Test
    void timePassingOutsideReadsRefillsTheBucketOnlyUpToOneBurst() throws IOException {
        try (InputStream in = throttled(3000, 1000)) {
            now.addAndGet(60_000_000_000L);
            long before = now.get();
            assertThat(in.readAllBytes()).hasSize(3000);
            assertThat((now.get() - before) / 1e9).as("an idle minute is not saved up").isBetween(2.85, 2.95);
        }
    }

    @Test
    void limitsAreZeroForUnlimitedUpToTenGibPerSecond() {
        InputStream raw = new ByteArrayInputStream(new byte[1]);
        assertThat(BandwidthLimit.UNLIMITED.throttle(raw)).isSameAs(raw);
        assertThat(new BandwidthLimit(1024).throttle(raw)).isInstanceOf(ThrottledInputStream.class);
        assertThatThrownBy(() -> new BandwidthLimit(-1)).isInstanceOf(ConfigException.class)
                .hasMessage("bandwidth-limit: must be 0 (unlimited) to 10485760 KiB/s, got -1");
        assertThatThrownBy(() -> new BandwidthLimit(BandwidthLimit.MAX_KIB_PER_SECOND + 1))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("bandwidth-limit: must be");
    }
}
