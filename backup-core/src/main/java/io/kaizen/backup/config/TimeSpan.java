package io.kaizen.backup.config;

import io.kaizen.backup.ConfigException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A time span as sysadmins write it: {@code 26h}, {@code 90m}, {@code 2d}, {@code 1d12h}, {@code 1w}. */
public final class TimeSpan {
    private static final Pattern PART = Pattern.compile("(\\d+)([smhdw])");

    private TimeSpan() {
    }

    /** The duration {@code text} stands for; a {@link ConfigException} if it is not a positive time span. */
    public static Duration parse(String text) {
        Matcher m = PART.matcher(text.trim());
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
