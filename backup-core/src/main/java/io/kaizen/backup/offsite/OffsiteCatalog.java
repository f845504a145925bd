package io.kaizen.backup.offsite;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.offsite.target.ObjectTarget;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.StoreLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code kaizen offsite init} and {@code kaizen offsite list}. */
public final class OffsiteCatalog {
    private OffsiteCatalog() {
    }

    /**
     * Creates a new key file (refusing an existing one) and a repository in the empty {@code target} (refusing a
     * non-empty one). Both refusals are {@link ConfigException}s; the key is made only when the
     * target is empty. A {@code collectorStore} that exists is marked as replicated
     * ({@link StoreLayout#markReplicated}), so its nodes count as behind until tier 3 confirms them.
     */
    public static void init(ObjectTarget target, Path keyFile, Optional<Path> collectorStore) {
        try {
            if (!target.list("").isEmpty()) {
                throw new ConfigException("target " + target.describe() + " is not empty: a "
                        + "repository is made in an empty place, and never replaced");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target.describe() + ": " + e.getMessage(), e);
        }
        Repository.init(target, OffsiteKeys.generate(keyFile));
        Optional<Path> store = collectorStore.filter(Files::isDirectory);
        try {
            if (store.isPresent()) {
                StoreLayout.markReplicated(store.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the collector store " + store.get() + ": "
                    + e.getMessage(), e);
        }
    }

    /** What tier 3 holds, and the roots it cannot read. */
    public record Listing(String target, List<OffsiteSnapshot> snapshots, List<String> problems) {
        public Listing {
            snapshots = List.copyOf(snapshots);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Lists the snapshots at tier 3 (of {@code node} only, when given). A root that cannot be read is a problem;
     * its node and date are named when {@code collectorStore} holds that snapshot (root names are keyed hashes
     * of node and date, so only a holder of the key and the store can tell).
     */
    public static Listing list(ObjectTarget target, OffsiteKeys keys, Optional<String> node,
                               Optional<Path> collectorStore) {
        Repository repository = Repository.open(target, keys);
        SnapshotReader reader = new SnapshotReader(repository);
        Map<String, String> known = new HashMap<>();
        collectorStore.ifPresent(store -> {
            for (StoreLayout.Member member : StoreLayout.members(store)) {
                for (Snapshot snapshot : member.store().snapshots()) {
                    String date = snapshot.name().toString();
                    known.put(repository.rootKey(member.node(), date), member.node() + "/" + date);
                }
            }
        });
        List<OffsiteSnapshot> snapshots = new ArrayList<>();
        List<String> problems = new ArrayList<>(reader.index().problems());
        for (SnapshotReader.RootEntry root : reader.roots()) {
            if (root.root() == null) {
                problems.add(Optional.ofNullable(known.get(root.key())).map(s -> s + ": ").orElse("")
                        + root.problem());
            } else if (node.isEmpty() || node.get().equals(root.root().node())) {
                snapshots.add(root.root().summary(root.key()));
            }
        }
        return new Listing(repository.describe(), snapshots, problems);
    }
}
