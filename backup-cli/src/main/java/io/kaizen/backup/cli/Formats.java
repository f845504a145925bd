package io.kaizen.backup.cli;

import io.kaizen.backup.report.OffsiteLag;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** How sizes and ages are written and read on the command line. Pure. */
final class Formats {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Formats() {
    }

    /** {@code 1536} to {@code 1.5 KiB}. */
    static String size(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** A duration as an age: {@code 2d 3h}, {@code 5h 10m}, {@code 42s}. */
    static String age(Duration age) {
        long seconds = Math.max(0, age.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + "h " + minutes % 60 + "m";
        }
        return hours / 24 + "d " + hours % 24 + "h";
    }

    /** Tier 3's lag at {@code now}: {@code last success 5h 2m ago; 2 not confirmed (oldest 2026-11-23)}. */
    static String offsite(OffsiteLag lag, Instant now) {
        return lag.lastConfirmed().map(at -> "last success " + age(Duration.between(at, now)) + " ago")
                .orElse("never confirmed a snapshot") + (lag.awaiting() == 0 ? "; all confirmed"
                : "; " + lag.awaiting() + " not confirmed (oldest " + lag.oldestAwaiting().orElseThrow() + ")");
    }

}
