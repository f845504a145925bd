package io.kaizen.backup.verify;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.fs.TreeEntry;
import io.kaizen.backup.fs.TreeWalker;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotFiles;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.SumsFile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Re-hashes a snapshot's regular files and compares them with its sums, streaming both in tree order; and chooses
 * which snapshots of a store a verification covers.
 */
public final class Verifier {
    private Verifier() {
    }

    /**
     * Which snapshots of a store to verify: every complete one ({@code all}), the ones named, or (neither) the
     * latest ({@link SnapshotStore#latestOf}).
     */
    public record Request(SnapshotStore store, boolean all, List<SnapshotName> names) {
        public Request {
            if (store == null) {
                throw new IllegalArgumentException("a verification needs a store");
            }
            names = List.copyOf(names);
        }
    }

    /** Told of each snapshot before and after it is verified. Fast, never throws. */
    public interface Listener {
        default void verifying(Snapshot snapshot) {
        }

        default void verified(VerificationReport report) {
        }
    }

    /**
     * Verifies the snapshots the request selects, oldest first as selected, and returns their reports.
     *
     * @throws ConfigException when the store has no complete snapshot, or a named one is not a complete snapshot
     * @throws IOException     when a snapshot cannot be read; its message names the snapshot
     */
    public static List<VerificationReport> verify(Request request, Clock clock, Listener listener) throws IOException {
        List<VerificationReport> reports = new ArrayList<>();
        for (Snapshot snapshot : select(request, clock)) {
            listener.verifying(snapshot);
            VerificationReport report;
            try {
                report = verify(snapshot);
            } catch (IOException e) {
                throw new IOException("cannot verify " + snapshot.dir() + ": " + e.getMessage(), e);
            }
            listener.verified(report);
            reports.add(report);
        }
        return reports;
    }

    /** The snapshots a request selects; without names the latest by {@code clock} ({@link SnapshotStore#latestOf}). */
    public static List<Snapshot> select(Request request, Clock clock) {
        SnapshotStore store = request.store();
        List<Snapshot> snapshots = store.snapshots();
        if (snapshots.isEmpty()) {
            throw new ConfigException("no complete snapshot in " + store.root());
        }
        if (request.all()) {
            return snapshots;
        }
        if (request.names().isEmpty()) {
            return List.of(SnapshotStore.latestOf(snapshots, clock).orElseThrow());
        }
        List<Snapshot> chosen = new ArrayList<>();
        for (SnapshotName name : request.names()) {
            chosen.add(snapshots.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new ConfigException("no complete snapshot " + name + " in " + store.root())));
        }
        return chosen;
    }

    /** Verifies one snapshot. */
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
