package io.kaizen.backup.store;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A store's {@code .kaizen/offsite-confirmed} (docs/OFFSITE-FORMAT.md, "Local state on the collector"): the
 * snapshots tier 3 has confirmed, each with when its root was read back (unknown for lines written before the
 * time was recorded). Pure.
 */
public record OffsiteConfirmations(SortedMap<SnapshotName, Optional<Instant>> confirmed) {
    public OffsiteConfirmations {
        confirmed = Collections.unmodifiableSortedMap(new TreeMap<>(confirmed));
    }

    /** The file's text: {@code DATE INSTANT} per line, oldest date first; lines that are not dates are skipped. */
    static OffsiteConfirmations parse(Iterable<String> lines) {
        SortedMap<SnapshotName, Optional<Instant>> confirmed = new TreeMap<>();
        for (String line : lines) {
            String[] words = line.strip().split("\\s+");
            SnapshotName.tryParse(words[0]).ifPresent(name -> confirmed.put(name,
                    words.length > 1 ? instant(words[1]) : Optional.empty()));
        }
        return new OffsiteConfirmations(confirmed);
    }

    private static Optional<Instant> instant(String word) {
        try {
            return Optional.of(Instant.parse(word));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** These confirmations and {@code name}'s at {@code at}; a date confirmed before keeps its first time. */
    OffsiteConfirmations with(SnapshotName name, Instant at) {
        SortedMap<SnapshotName, Optional<Instant>> more = new TreeMap<>(confirmed);
        more.putIfAbsent(name, Optional.of(at));
        return new OffsiteConfirmations(more);
    }

    String text() {
        StringBuilder text = new StringBuilder();
        confirmed.forEach((name, at) -> text.append(name).append(at.map(i -> " " + i).orElse("")).append('\n'));
        return text.toString();
    }

    public SortedSet<SnapshotName> dates() {
        return new TreeSet<>(confirmed.keySet());
    }

    /** When tier 3 last confirmed a snapshot of this store: the latest recorded time. */
    public Optional<Instant> last() {
        return confirmed.values().stream().flatMap(Optional::stream).max(Instant::compareTo);
    }
}
