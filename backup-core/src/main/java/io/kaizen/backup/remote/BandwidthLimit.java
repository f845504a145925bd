package io.kaizen.backup.remote;

import io.kaizen.backup.ConfigException;
import java.io.InputStream;

/**
 * The most a node may send us, in KiB/s; {@link #UNLIMITED} (0) lets a node send as fast as the link allows.
 * Applied to what we read, so SSH flow control slows the node down to it (docs/PROTOCOL.md).
 */
public record BandwidthLimit(long kibPerSecond) {
    /** The largest limit accepted: 10 GiB/s; anything above is a typo rather than a limit. */
    public static final long MAX_KIB_PER_SECOND = 10L * 1024 * 1024;
    public static final BandwidthLimit UNLIMITED = new BandwidthLimit(0);

    public BandwidthLimit {
        if (kibPerSecond < 0 || kibPerSecond > MAX_KIB_PER_SECOND) {
            throw ConfigException.ofSetting("bandwidth-limit", ": must be 0 (unlimited) to " + MAX_KIB_PER_SECOND
                    + " KiB/s, got " + kibPerSecond);
        }
    }

    public boolean unlimited() {
        return kibPerSecond == 0;
    }

    /** {@code in}, read no faster than this limit. */
    public InputStream throttle(InputStream in) {
        return unlimited() ? in : new ThrottledInputStream(in, kibPerSecond * 1024, System::nanoTime,
                ThrottledInputStream::sleepNanos);
    }
}
