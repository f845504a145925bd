package io.kaizen.backup.cli;

import io.kaizen.backup.ConfigException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How sizes and ages are written and read on the command line. Pure. */
final class Formats {
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhdw])");
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

    /** Parses {@code 26h}, {@code 90m}, {@code 2d}, {@code 1d12h}, {@code 1w}. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
            end = m.end();
        }
        if (end == 0 || end != text.trim().length() || total.isZero()) {
            throw new ConfigException("not a duration: '" + text + "' (examples: 26h, 90m, 2d, 1d12h)");
        }
        return total;
    }
}
