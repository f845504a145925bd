package io.kaizen.backup.verify;

import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotFiles;
import io.kaizen.backup.store.SumsFile;
import io.kaizen.backup.fs.TreeEntry;
import io.kaizen.backup.fs.TreeWalker;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** Re-hashes a snapshot's regular files and compares them with its sums, streaming both in tree order. */
public final class Verifier {
    private Verifier() {
    }

    public static VerificationReport verify(Snapshot snapshot) throws IOException {
        Tally tally = new Tally();
        boolean sumsIntact = SnapshotFiles.sumsIntact(snapshot);
        TreeWalker walker = TreeWalker.walk(snapshot.dir(), Set.of(Snapshot.META_DIR));
        try (SumsFile.Reader sums = SumsFile.Reader.open(snapshot.sumsFile())) {
            SumsFile.Line line = sums.hasNext() ? sums.next() : null;
            TreeEntry file = nextFile(walker);
            while (line != null || file != null) {
                int order = line == null ? 1 : file == null ? -1
                        : NativeNames.TREE_ORDER.compare(line.relative(), file.relative());
                if (order < 0) {
                    tally.missing(line.relative());
                    line = sums.hasNext() ? sums.next() : null;
                } else if (order > 0) {
                    tally.unlisted(file.relative());
                    file = nextFile(walker);
                } else {
                    tally.check(file, line);
                    line = sums.hasNext() ? sums.next() : null;
                    file = nextFile(walker);
                }
            }
        }
        return tally.report(snapshot.name().toString(), sumsIntact);
    }

    private static TreeEntry nextFile(TreeWalker walker) {
        while (walker.hasNext()) {
            TreeEntry entry = walker.next();
            if (entry.attributes().isRegularFile()) {
                return entry;
            }
        }
        return null;
    }

    private static final class Tally {
        long checked;
        long mismatchedCount;
        long missingCount;
        long unlistedCount;
        final List<String> mismatched = new ArrayList<>();
        final List<String> missing = new ArrayList<>();
        final List<String> unlisted = new ArrayList<>();

        void check(TreeEntry file, SumsFile.Line line) throws IOException {
            checked++;
            byte[] actual;
            try {
                actual = Sha256.of(file.path());
            } catch (NoSuchFileException e) {
                missing(line.relative());
                return;
            }
            if (!Arrays.equals(actual, line.sha256())) {
                mismatchedCount++;
                add(mismatched, NativeNames.display(file.relative()) + " (expected "
                        + HexFormat.of().formatHex(line.sha256()) + ", found " + HexFormat.of().formatHex(actual) + ")");
            }
        }

        void missing(byte[] relative) {
            missingCount++;
            add(missing, NativeNames.display(relative));
        }

        void unlisted(byte[] relative) {
            unlistedCount++;
            add(unlisted, NativeNames.display(relative));
        }

        private static void add(List<String> names, String name) {
            if (names.size() < VerificationReport.LISTED) {
                names.add(name);
            }
        }

        VerificationReport report(String snapshot, boolean sumsIntact) {
            return new VerificationReport(snapshot, checked, sumsIntact, mismatchedCount, mismatched,
                    missingCount, missing, unlistedCount, unlisted);
        }
    }
}
