package io.kaizen.backup.offsite;

import io.kaizen.backup.fs.AtomicFile;
import io.kaizen.backup.store.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which of a node store's snapshots tier 3 has confirmed (its root written and read back): the file
 * {@code NODE/.kaizen/offsite-confirmed} of the collector store, one date per line, sorted (docs/FORMAT.md).
 */
public final class Confirmations {
    public static final String FILE = "offsite-confirmed";

    private Confirmations() {
    }

    /** The confirmed dates of the node store at {@code nodeStore} (none when the file is missing). */
    public static SortedSet<String> read(Path nodeStore) throws IOException {
        try {
            List<String> lines = Files.readAllLines(file(nodeStore), StandardCharsets.UTF_8);
            return new TreeSet<>(lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList());
        } catch (NoSuchFileException e) {
            return new TreeSet<>();
        }
    }

    /** Adds {@code date}, replacing the file atomically. */
    static void confirm(Path nodeStore, String date) throws IOException {
        SortedSet<String> dates = read(nodeStore);
        if (dates.add(date)) {
            Files.createDirectories(file(nodeStore).getParent());
            AtomicFile.write(file(nodeStore), (String.join("\n", dates) + "\n").getBytes(StandardCharsets.UTF_8), null);
        }
    }

    private static Path file(Path nodeStore) {
        return nodeStore.resolve(Snapshot.META_DIR).resolve(FILE);
    }
}
