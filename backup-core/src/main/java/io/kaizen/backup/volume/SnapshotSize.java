package io.kaizen.backup.volume;

import io.kaizen.backup.ConfigException;
import java.util.List;

/**
 * How much room an LVM snapshot gets for the blocks the origin changes while it exists: a percentage of the origin
 * volume's size ({@code percent}) or a number of bytes. A snapshot whose room runs out becomes invalid, and the
 * copy made from it fails. {@link #DEFAULT} is 20 % of the origin.
 */
public record SnapshotSize(boolean percent, long value) {
    public static final String KEY = "lvm-snapshot-size";
    public static final SnapshotSize DEFAULT = percent(20);

    public SnapshotSize {
        if (percent && (value < 1 || value > 100)) {
            throw ConfigException.ofSetting(KEY, ": must be 1 to 100 %, got " + value + " %");
        }
        if (!percent && value < 1) {
            throw ConfigException.ofSetting(KEY, ": must be at least 1 byte, got " + value);
        }
    }

    public static SnapshotSize percent(long value) {
        return new SnapshotSize(true, value);
    }

    public static SnapshotSize bytes(long value) {
        return new SnapshotSize(false, value);
    }

    /** The {@code lvcreate} arguments for this size: {@code -l N%ORIGIN} or {@code -L Nb}. */
    List<String> lvcreateArguments() {
        return percent ? List.of("-l", value + "%ORIGIN") : List.of("-L", value + "b");
    }
}
