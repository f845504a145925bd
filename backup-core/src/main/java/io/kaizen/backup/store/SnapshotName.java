package io.kaizen.backup.store;

import io.kaizen.backup.ConfigException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The name of a snapshot: its date, written {@code YYYY-MM-DD}. Ordered by date. */
public record SnapshotName(LocalDate date) implements Comparable<SnapshotName> {
    private static final Pattern FORMAT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    public SnapshotName {
        if (date == null) {
            throw new IllegalArgumentException("date is required");
        }
    }

    /** Parses a user-given name; a malformed one is a {@link ConfigException}. */
    public static SnapshotName parse(String text) {
        return tryParse(text).orElseThrow(() -> new ConfigException(
                "not a snapshot date: '" + text + "' (expected YYYY-MM-DD, e.g. 2026-11-24)"));
    }

    /** The name a directory entry stands for, if it is one. */
    public static Optional<SnapshotName> tryParse(String text) {
        if (text == null || !FORMAT.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SnapshotName(LocalDate.parse(text)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public int compareTo(SnapshotName other) {
        return date.compareTo(other.date);
    }

    @Override
    public String toString() {
        return date.toString();
    }

    /**
     * Written out, as {@link #toString} is: a record's generated equals and hashCode start
     * {@code java.lang.runtime.ObjectMethods} on first use, about 20 method-handle classes made at run time, which
     * would cost every {@code kaizen serve} more than its answer to a LIST or MANIFEST.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof SnapshotName name && date.equals(name.date);
    }

    @Override
    public int hashCode() {
        return date.hashCode();
    }
}
