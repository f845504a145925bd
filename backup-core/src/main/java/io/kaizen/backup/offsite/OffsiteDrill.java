package io.kaizen.backup.offsite;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.offsite.target.ObjectTarget;
import io.kaizen.backup.store.SumsFile;
import io.kaizen.backup.verify.Reservoir;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * {@code kaizen drill --offsite}: for each node, restores a random sample of the regular files of its newest
 * snapshot at tier 3 (reassembled from their blobs and hashed) and checks each against the node's own
 * {@code .kaizen/SHA256SUMS}, itself restored from the same tree into a scratch directory. Read-only at tier 3.
 */
public final class OffsiteDrill {
    private static final byte[] SUMS = ".kaizen/SHA256SUMS".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] META = ".kaizen/".getBytes(StandardCharsets.US_ASCII);

    private OffsiteDrill() {
    }

    /** Files per node, the seed of the choice, where the scratch directory is made. */
    public record Request(int sample, long seed, Path scratchParent) {
        public Request {
            if (sample < 1) {
                throw ConfigException.ofSetting("sample", " must be at least 1, got " + sample);
            }
        }
    }

    /** One node's drill: its snapshot, the files it has, sampled, matching their sums, and what went wrong. */
    public record NodeDrill(String node, String date, long listed, int sampled, int matched, List<String> problems) {
        public NodeDrill {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty() && matched == sampled;
        }
    }

    public record Report(long seed, List<NodeDrill> nodes, List<String> problems) {
        public Report {
            nodes = List.copyOf(nodes);
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty() && !nodes.isEmpty() && nodes.stream().allMatch(NodeDrill::ok);
        }
    }

    public static Report run(ObjectTarget target, OffsiteKeys keys, Request request) {
        SnapshotReader reader = new SnapshotReader(Repository.open(target, keys));
        Map<String, SnapshotRoot> newest = new HashMap<>();
        List<String> problems = new ArrayList<>(reader.index().problems());
        for (SnapshotReader.RootEntry root : reader.roots()) {
            if (root.root() == null) {
                problems.add(root.problem());
            } else {
                newest.put(root.root().node(), root.root());
            }
        }
        List<NodeDrill> nodes = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(request.seed());
        newest.values().stream().sorted((a, b) -> a.node().compareTo(b.node()))
                .forEach(root -> nodes.add(drill(reader, root, request, random.split())));
        return new Report(request.seed(), nodes, problems);
    }

    private static NodeDrill drill(SnapshotReader reader, SnapshotRoot root, Request request, SplittableRandom random) {
        Reservoir<TreeRecord> sample = new Reservoir<>(request.sample(), random);
        TreeRecord sums = null;
        try {
            Iterator<TreeRecord> records = reader.tree(root);
            while (records.hasNext()) {
                TreeRecord record = records.next();
                if (Arrays.equals(record.path(), SUMS)) {
                    sums = record;
                } else if (record.type() == FileStat.Type.FILE && record.linkTo() < 0
                        && !Arrays.equals(record.path(), 0, Math.min(META.length, record.path().length), META, 0,
                        Math.min(META.length, record.path().length))) {
                    sample.offer(record);
                }
            }
            if (sums == null) {
                return new NodeDrill(root.node(), root.date(), sample.seen(), 0, 0,
                        List.of("the tree holds no .kaizen/SHA256SUMS"));
            }
            return check(reader, root, sums, sample, request.scratchParent());
        } catch (OffsiteException e) {
            return new NodeDrill(root.node(), root.date(), sample.seen(), 0, 0, List.of(e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException("drill of " + root.node() + "/" + root.date() + ": " + e.getMessage(), e);
        }
    }

    private static NodeDrill check(SnapshotReader reader, SnapshotRoot root, TreeRecord sums,
                                   Reservoir<TreeRecord> sample, Path scratchParent) throws IOException {
        Files.createDirectories(scratchParent);
        Path scratch = Files.createTempDirectory(scratchParent, "kaizen-offsite-drill-");
        try {
            Path sumsFile = scratch.resolve("SHA256SUMS");
            try (OutputStream out = Files.newOutputStream(sumsFile)) {
                reader.content(sums, chunk -> write(out, chunk));
            }
            List<TreeRecord> chosen = new ArrayList<>(sample.sample());
            chosen.sort((a, b) -> NativeNames.TREE_ORDER.compare(a.path(), b.path()));
            List<String> problems = new ArrayList<>();
            int matched = 0;
            try (SumsFile.Reader lines = SumsFile.Reader.open(sumsFile)) {
                SumsFile.Cursor cursor = new SumsFile.Cursor(lines);
                for (TreeRecord file : chosen) {
                    String name = NativeNames.display(file.path());
                    MessageDigest digest = Sha256.digest();
                    reader.content(file, digest::update);
                    Optional<SumsFile.Line> line = Optional.ofNullable(cursor.find(file.path()));
                    if (line.isEmpty()) {
                        problems.add(name + ": not in the node's SHA256SUMS");
                    } else if (!Arrays.equals(line.get().sha256(), digest.digest())) {
                        problems.add(name + ": restored content does not match its SHA-256 in the node's sums");
                    } else {
                        matched++;
                    }
                }
            }
            return new NodeDrill(root.node(), root.date(), sample.seen(), chosen.size(), matched, problems);
        } finally {
            Files.deleteIfExists(scratch.resolve("SHA256SUMS"));
            Files.deleteIfExists(scratch);
        }
    }

    private static void write(OutputStream out, byte[] chunk) {
        try {
            out.write(chunk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
