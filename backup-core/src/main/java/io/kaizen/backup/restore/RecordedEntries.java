package io.kaizen.backup.restore;

import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.RelativePaths;
import io.kaizen.backup.store.StoreException;
import java.nio.file.Path;
import java.util.Optional;

/** Where an entry a copy's record names ({@code .kaizen/specials}, {@code .kaizen/xattrs}) is restored to. */
final class RecordedEntries {
    private RecordedEntries() {
    }

    /**
     * The path below {@code target} of the entry {@code entry} (relative to the snapshot) that {@code record}
     * names, or empty when it lies outside {@code restored}, the part being restored. A name that could leave the
     * target is a {@link StoreException} naming the record.
     */
    static Optional<Path> target(Path record, byte[] entry, byte[] restored, Path target) {
        if (!RelativePaths.isWithin(entry, restored)) {
            return Optional.empty();
        }
        RelativePaths.problem(entry).ifPresent(problem -> {
            throw new StoreException(record + ": name '" + NativeNames.display(entry) + "' refused: " + problem);
        });
        return Optional.of(NativeNames.resolve(target, entry));
    }
}
