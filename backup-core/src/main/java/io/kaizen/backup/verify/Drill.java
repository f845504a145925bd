package io.kaizen.backup.verify;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.fs.TreeRemoval;
import io.kaizen.backup.restore.Restorer;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotFiles;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.StoreLayout;
import io.kaizen.backup.store.SumsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A restore drill: proof that backups can be restored, not only that they exist. For each store in the
 * destination (one node store, or every node of a collector), a random sample of the newest good snapshot's
 * files is restored with {@link Restorer} (the code path of {@code kaizen restore}) into a scratch directory,
 * and each restored file is compared with its sum and with the snapshot's mode, owner and mtime. The scratch
 * copy is removed afterwards; the store is only read.
 */
public final class Drill {
    private Drill() {
    }

    /**
     * Drill {@code sample} files per store of {@code dest}, chosen with {@code seed}, restoring into a scratch
     * directory made (and removed) in {@code scratchParent}.
     */
    public record Request(Path dest, int sample, long seed, Path scratchParent) {
        public Request {
            if (sample < 1) {
                throw ConfigException.ofSetting("sample", " must be at least 1 (got " + sample + ")");
            }
            dest = dest.toAbsolutePath().normalize();
            scratchParent = scratchParent.toAbsolutePath().normalize();
        }
    }

    /** One store's drill: the snapshot drilled, how many files it lists, how many were sampled and matched. */
    public record StoreDrill(String node, String store, String snapshot, long listed, int sampled, int matched,
                             List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** The whole drill; {@code seed} replays it. */
    public record Report(String dest, long seed, int sample, List<StoreDrill> stores) {
        public boolean ok() {
            return stores.stream().allMatch(StoreDrill::ok);
        }
    }

    /** Runs the drill. A destination holding no store is a {@link ConfigException}. */
    public static Report run(Request request) {
        if (!Files.isDirectory(request.dest())) {
            throw new ConfigException("no store at " + request.dest());
        }
        List<StoreLayout.Member> members = StoreLayout.members(request.dest());
        if (members.isEmpty()) {
            throw new ConfigException("no snapshot in " + request.dest() + " (neither DEST/DATE nor DEST/NODE/DATE)");
        }
        if (!Files.isDirectory(request.scratchParent())) {
            throw new ConfigException("scratch directory " + request.scratchParent() + " does not exist");
        }
        if (request.scratchParent().startsWith(request.dest())) {
            throw new ConfigException("scratch directory " + request.scratchParent() + " is inside the store "
                    + request.dest() + ": a drill never writes there");
        }
        RandomGenerator random = new SplittableRandom(request.seed());
        List<StoreDrill> drills = new ArrayList<>();
        Path scratch = scratch(request.scratchParent());
        try {
            for (StoreLayout.Member member : members) {
                drills.add(drill(member, request.sample(), random, scratch.resolve(String.valueOf(drills.size()))));
            }
        } finally {
            remove(scratch);
        }
        return new Report(request.dest().toString(), request.seed(), request.sample(), drills);
    }

    private static StoreDrill drill(StoreLayout.Member member, int sampleSize, RandomGenerator random, Path scratch) {
        SnapshotStore store = member.store();
        List<Snapshot> good = store.snapshots().stream().filter(s -> s.manifest().status().usable()).toList();
        String storeName = store.root().toString();
        if (good.isEmpty()) {
            return new StoreDrill(member.node(), storeName, null, 0, 0, 0,
                    List.of("no good snapshot to restore from in " + storeName));
        }
        Snapshot snapshot = good.get(good.size() - 1);
        List<String> problems = new ArrayList<>();
        Reservoir<SumsFile.Line> reservoir = new Reservoir<>(sampleSize, random);
        try {
            if (!SnapshotFiles.sumsIntact(snapshot)) {
                problems.add(".kaizen/SHA256SUMS is missing or does not match the hash in the manifest");
                return new StoreDrill(member.node(), storeName, snapshot.name().toString(), 0, 0, 0, problems);
            }
            try (SumsFile.Reader sums = SumsFile.Reader.open(snapshot.sumsFile())) {
                reservoir.offerAll(sums);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sums of " + snapshot.dir(), e);
        }
        List<SumsFile.Line> sample = new ArrayList<>();
        for (SumsFile.Line line : reservoir.sample()) {
            Snapshot.entryProblem(line.relative()).ifPresentOrElse(
                    p -> problems.add("unsafe name in the sums, not restored: " + NativeNames.display(line.relative())
                            + " (" + p + ")"),
                    () -> sample.add(line));
        }
        if (!sample.isEmpty()) {
            try {
                Restorer.restoreFiles(snapshot, sample.stream().map(SumsFile.Line::relative).toList(), scratch);
            } catch (KaizenException e) {
                problems.add(e.getMessage());
            }
        }
        int matched = 0;
        for (SumsFile.Line line : sample) {
            String problem = check(snapshot, line, scratch);
            if (problem == null) {
                matched++;
            } else {
                problems.add(problem);
            }
        }
        return new StoreDrill(member.node(), storeName, snapshot.name().toString(), reservoir.seen(),
                reservoir.sample().size(), matched, problems);
    }

    /** What is wrong with one restored file, or null: its content against its sum, its attributes against the snapshot's. */
    private static String check(Snapshot snapshot, SumsFile.Line line, Path scratch) {
        String name = "/" + NativeNames.display(line.relative());
        Path restored = NativeNames.resolve(scratch, line.relative());
        try {
            if (!Files.isRegularFile(restored, LinkOption.NOFOLLOW_LINKS)) {
                return "not restored: " + name;
            }
            byte[] actual = Sha256.of(restored);
            if (!Arrays.equals(actual, line.sha256())) {
                return "restored content differs from its sum: " + name + " (expected "
                        + HexFormat.of().formatHex(line.sha256()) + ", got " + HexFormat.of().formatHex(actual) + ")";
            }
            FileStat original = FileStat.of(NativeNames.resolve(snapshot.dir(), line.relative()));
            FileStat copy = FileStat.of(restored);
            if (original.mode() != copy.mode() || original.uid() != copy.uid() || original.gid() != copy.gid()
                    || original.mtimeNanos() / 1_000_000_000 != copy.mtimeNanos() / 1_000_000_000) {
                return "restored attributes differ from the snapshot's: " + name;
            }
            return null;
        } catch (NoSuchFileException e) {
            return "not restored: " + name;
        } catch (IOException e) {
            return "cannot check " + name + ": " + e.getMessage();
        }
    }

    private static Path scratch(Path parent) {
        try {
            return Files.createTempDirectory(parent, "kaizen-drill-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a scratch directory in " + parent, e);
        }
    }

    private static void remove(Path scratch) {
        try {
            TreeRemoval.delete(scratch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the drill's scratch copy " + scratch, e);
        }
    }
}
