package io.kaizen.backup.history;

import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.RelativePaths;
import io.kaizen.backup.store.SumsFile;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.Consumer;

/** The regular files added, removed and changed between two sums listings, both in tree order. Pure. */
final class SnapshotDiff {
    private SnapshotDiff() {
    }

    /** How a file differs. */
    public enum Kind { ADDED, REMOVED, CHANGED }

    /** One difference: its kind and the file's relative path (bytes). */
    public record Change(Kind kind, byte[] relative) {
    }

    /**
     * Merges {@code before} and {@code after} (each in {@link NativeNames#TREE_ORDER}), reporting each file below
     * {@code within} (relative; empty for everything) that only one of them lists, or that both list with
     * different content. Streams: memory does not grow with the listings.
     */
    public static void compare(Iterator<SumsFile.Line> before, Iterator<SumsFile.Line> after, byte[] within,
                               Consumer<Change> changes) {
        SumsFile.Line a = next(before, within);
        SumsFile.Line b = next(after, within);
        while (a != null || b != null) {
            int order = a == null ? 1 : b == null ? -1 : NativeNames.TREE_ORDER.compare(a.relative(), b.relative());
            if (order < 0) {
                changes.accept(new Change(Kind.REMOVED, a.relative()));
                a = next(before, within);
            } else if (order > 0) {
                changes.accept(new Change(Kind.ADDED, b.relative()));
                b = next(after, within);
            } else {
                if (!Arrays.equals(a.sha256(), b.sha256())) {
                    changes.accept(new Change(Kind.CHANGED, a.relative()));
                }
                a = next(before, within);
                b = next(after, within);
            }
        }
    }

    private static SumsFile.Line next(Iterator<SumsFile.Line> lines, byte[] within) {
        while (lines.hasNext()) {
            SumsFile.Line line = lines.next();
            if (RelativePaths.isWithin(line.relative(), within)) {
                return line;
            }
        }
        return null;
    }
}
