package io.kaizen.backup.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size as sysadmins write it: bytes, or a number with a binary unit K, M, G or T (also KiB, MiB, ...). */
final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([KMGT])(?:IB)?)?");
    private static final String UNITS = "KMGT";

    private ByteSize() {
    }

    /** The number of bytes {@code text} stands for; a clear message if it is not a size. */
    public static long parse(String text) {
        Matcher size = SIZE.matcher(text.strip().toUpperCase(Locale.ROOT));
        if (!size.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (expected bytes, or a number with K, M, G"
                    + " or T, e.g. 64M)");
        }
        int shift = size.group(2) == null ? 0 : 10 * (UNITS.indexOf(size.group(2)) + 1);
        try {
            long number = Long.parseLong(size.group(1));
            if (number > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException();
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
    }
}
