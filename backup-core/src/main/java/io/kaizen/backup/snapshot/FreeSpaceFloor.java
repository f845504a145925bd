package io.kaizen.backup.snapshot;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.fs.DiskSpace;

/**
 * How much of the store's file system a run must leave free (README, "Disk-space guard"): a percentage of its
 * size ({@code percent}) or a number of bytes. {@link #DEFAULT} is 5 % of the file system.
 */
public record FreeSpaceFloor(boolean percent, double value) {
    public static final FreeSpaceFloor DEFAULT = percent(5);

    public FreeSpaceFloor {
        if (percent && !(value >= 0 && value <= 100)) {
            throw ConfigException.ofSetting("free-space-floor", ": must be 0 to 100 %, got " + number(value) + " %");
        }
        if (!percent && !(value >= 0)) {
            throw ConfigException.ofSetting("free-space-floor", ": must not be negative, got " + (long) value);
        }
    }

    public static FreeSpaceFloor percent(double value) {
        return new FreeSpaceFloor(true, value);
    }

    public static FreeSpaceFloor bytes(long value) {
        return new FreeSpaceFloor(false, value);
    }

    /** The floor in bytes on a file system of this size. */
    public long bytesOf(DiskSpace space) {
        return percent ? (long) (space.total() * value / 100) : (long) value;
    }

    /** As an operator would write it: {@code 5 %} or {@code 1073741824 bytes}. */
    public String describe() {
        return percent ? number(value) + " %" : (long) value + " bytes";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
