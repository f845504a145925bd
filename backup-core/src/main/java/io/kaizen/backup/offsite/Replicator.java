package io.kaizen.backup.offsite;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.TreeEntry;
import io.kaizen.backup.fs.TreeWalker;
import io.kaizen.backup.offsite.target.ObjectTarget;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.StoreLayout;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code kaizen replicate}: sends every complete snapshot of a collector store ({@code DEST/NODE/DATE}) that
 * tier 3 does not hold yet, oldest first (docs/OFFSITE-FORMAT.md, "Writing").
 *
 * <p>Invariants: never deletes or replaces an object; a snapshot's packs and index are written before its
 * root, so a snapshot is visible only when complete; a run killed anywhere leaves packs that the next run
 * indexes from their headers instead of sending again; a snapshot is confirmed locally only after its root
 * was read back.
 */
public final class Replicator {
    /** The collector store's directory for the local cache, below its own metadata directory. */
    static final String CACHE_DIR = "offsite-cache";
    private static final int READ_BUFFER = 1 << 20;

    private final Repository repository;
    private final RepositoryIndex index;
    private final PackWriter packs;
    private final Path collectorStore;
    private final Clock clock;
    private long filesRead;
    private long bytesRead;
    private long filesFromCache;

    private Replicator(Repository repository, Path collectorStore, Clock clock) {
        this.repository = repository;
        this.index = RepositoryIndex.load(repository);
        this.packs = new PackWriter(repository, index);
        this.collectorStore = collectorStore;
        this.clock = clock;
    }

    /**
     * Replicates {@code collectorStore} to the repository on {@code target}; {@code clock} times the
     * confirmations.
     */
    public static ReplicateReport run(ObjectTarget target, OffsiteKeys keys, Path collectorStore, Clock clock,
                                      ReplicateListener listener) {
        if (!Files.isDirectory(collectorStore)) {
            throw ConfigException.ofSetting("collector-store", ": " + collectorStore + " is not a directory");
        }
        Repository repository = Repository.open(target, keys);
        return new Replicator(repository, collectorStore.toAbsolutePath().normalize(), clock).run(listener);
    }

    private record Pending(String node, Path nodeStore, Snapshot snapshot) {
    }

    private ReplicateReport run(ReplicateListener listener) {
        Set<String> roots = new HashSet<>(repository.list(Repository.ROOTS));
        List<Pending> pending = new ArrayList<>();
        for (StoreLayout.Member member : StoreLayout.members(collectorStore)) {
            for (Snapshot snapshot : member.store().snapshots()) {
                pending.add(new Pending(member.node(), member.store().root(), snapshot));
            }
        }
        pending.sort(Comparator.comparing((Pending p) -> p.snapshot().name()).thenComparing(Pending::node));
        List<String> sent = new ArrayList<>();
        int alreadyThere = 0;
        for (Pending p : pending) {
            String date = p.snapshot().name().toString();
            String key = repository.rootKey(p.node(), date);
            try {
                if (roots.contains(key)) {
                    alreadyThere++;
                    SnapshotStore store = SnapshotStore.at(p.nodeStore());
                    if (store.offsiteConfirmed().filter(c -> c.confirmed().containsKey(p.snapshot().name())).isEmpty()) {
                        readBack(key, p.node(), date);
                        store.confirmOffsite(p.snapshot().name(), clock.instant());
                    }
                    continue;
                }
                listener.sending(p.node(), date);
                long before = packs.bytesWritten();
                send(p, key);
                sent.add(p.node() + "/" + date);
                listener.confirmed(p.node(), date, packs.bytesWritten() - before);
            } catch (IOException e) {
                throw new UncheckedIOException(p.node() + "/" + date + ": " + e.getMessage(), e);
            } catch (OffsiteException e) {
                throw e.affecting(p.node() + "/" + date);
            }
        }
        return new ReplicateReport(sent, alreadyThere, packs.objectsWritten(), packs.bytesWritten(), filesRead,
                bytesRead, filesFromCache, index.recovered());
    }

    private void send(Pending p, String key) throws IOException {
        String date = p.snapshot().name().toString();
        Path cacheFile = collectorStore.resolve(Snapshot.META_DIR).resolve(CACHE_DIR).resolve(p.node());
        List<BlobId> tree = new ArrayList<>();
        long[] counts = new long[3];
        try (ContentCache.Reader cached = ContentCache.Reader.open(cacheFile, repository.id());
             ContentCache.Writer cache = new ContentCache.Writer(cacheFile, repository.id())) {
            Chunker treeChunks = repository.chunker(Chunker.TREE, chunk -> tree.add(packs.store(chunk)));
            DataOutputStream treeOut = new DataOutputStream(new BufferedOutputStream(new ChunkerStream(treeChunks),
                    1 << 16));
            InodeOrdinals links = new InodeOrdinals();
            TreeWalker walk = TreeWalker.walk(p.snapshot().dir(), Set.of());
            int ordinal = 0;
            while (walk.hasNext()) {
                TreeEntry entry = walk.next();
                record(entry, ordinal++, links, cached, cache, counts).write(treeOut);
            }
            treeOut.flush();
            treeChunks.finish();
            packs.flush();
            long indexBytes = index.writePending(repository);
            if (indexBytes > 0) {
                packs.counted(indexBytes);
            }
            SnapshotRoot root = new SnapshotRoot(p.node(), date, tree, ordinal, counts[0], counts[1]);
            byte[] sealed = repository.sealRoot(key, root.encode());
            repository.create(key, sealed);
            packs.counted(sealed.length);
            readBack(key, p.node(), date);
            cache.commit();
        }
        SnapshotStore.at(p.nodeStore()).confirmOffsite(p.snapshot().name(), clock.instant());
    }

    private TreeRecord record(TreeEntry entry, int ordinal, InodeOrdinals links, ContentCache.Reader cached,
                              ContentCache.Writer cache, long[] counts) throws IOException {
        FileStat stat = FileStat.of(entry.attributes());
        byte[] target = new byte[0];
        long device = 0;
        int linkTo = -1;
        List<BlobId> content = List.of();
        switch (stat.type()) {
            case SYMLINK -> target = NativeNames.bytes(Files.readSymbolicLink(entry.path()));
            case CHARACTER_DEVICE, BLOCK_DEVICE -> device = FileStat.deviceNumber(entry.attributes());
            case FILE -> {
                long inode = FileStat.inodeNumber(entry.attributes());
                if (stat.links() > 1) {
                    linkTo = links.firstOrPut(inode, ordinal);
                }
                if (linkTo < 0) {
                    counts[0]++;
                    counts[1] += stat.size();
                    content = content(entry, stat, inode, cached);
                    cache.add(new ContentCache.Entry(entry.relative(), inode, stat.size(), stat.mtimeNanos(), content));
                }
            }
            default -> {
            }
        }
        return new TreeRecord(entry.relative(), stat.type(), stat.mode(), stat.uid(), stat.gid(), stat.mtimeNanos(),
                stat.isFile() ? stat.size() : 0, linkTo, target, device, content);
    }

    private List<BlobId> content(TreeEntry entry, FileStat stat, long inode, ContentCache.Reader cached)
            throws IOException {
        Optional<List<BlobId>> known = cached.lookup(entry.relative(), inode, stat.size(), stat.mtimeNanos())
                .filter(blobs -> blobs.stream().allMatch(index::contains));
        if (known.isPresent()) {
            filesFromCache++;
            return known.get();
        }
        List<BlobId> blobs = new ArrayList<>();
        Chunker chunker = repository.chunker(Chunker.CONTENT, chunk -> blobs.add(packs.store(chunk)));
        byte[] buffer = new byte[READ_BUFFER];
        try (InputStream in = Files.newInputStream(entry.path())) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                chunker.write(buffer, 0, n);
                bytesRead += n;
            }
        }
        chunker.finish();
        filesRead++;
        return List.copyOf(blobs);
    }

    private void readBack(String key, String node, String date) {
        SnapshotRoot root = SnapshotRoot.decode(repository.openRoot(key, repository.readObject(key)));
        if (!root.node().equals(node) || !root.date().equals(date)) {
            throw repository.damaged(key, "it names " + root.node() + "/" + root.date());
        }
    }

    /** Feeds written bytes to a chunker. */
    private static final class ChunkerStream extends OutputStream {
        private final Chunker chunker;

        ChunkerStream(Chunker chunker) {
            this.chunker = chunker;
        }

        @Override
        public void write(int b) {
            chunker.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            chunker.write(bytes, offset, length);
        }
    }
}
