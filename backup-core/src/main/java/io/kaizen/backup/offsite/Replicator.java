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
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code kaizen replicate}: sends every complete snapshot of a collector store ({@code DEST/NODE/DATE}) that
 * tier 3 does not hold yet, oldest first (docs/OFFSITE-FORMAT.md, "Writing").
 *
 * <p>Invariants: never deletes or replaces an object; a snapshot's packs and index are written before its
 * root, so a snapshot is visible only when complete; a run killed anywhere leaves packs that the next run
 * indexes from their headers instead of sending again, and partial objects the next run removes (run under the
 * repository's lock, it is their only writer); a snapshot is confirmed locally only after its root was read back.
 *
 * <p>Files are read, chunked, sealed and packed on a pool of threads, one per core, while this thread walks the
 * tree and writes its records in tree order; one thread uploads the packs.
 */
public final class Replicator {
    /** The collector store's directory for the local cache, below its own metadata directory. */
    static final String CACHE_DIR = "offsite-cache";
    /** Tree entries whose content may be in flight at once (they wait in tree order for their record). */
    private static final int WINDOW = 1024;

    private final Repository repository;
    private final RepositoryIndex index;
    private final Path collectorStore;
    private final Clock clock;
    private long filesRead;
    private long bytesRead;
    private long filesFromCache;

    private Replicator(Repository repository, Path collectorStore, Clock clock) {
        this.repository = repository;
        this.index = RepositoryIndex.load(repository);
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
        try {
            StoreLayout.markReplicated(collectorStore);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the collector store " + collectorStore + ": "
                    + e.getMessage(), e);
        }
        Repository repository = Repository.open(target, keys);
        Repository.recordMade(target, keys);
        int incompleteRemoved;
        try {
            incompleteRemoved = target.removeIncomplete(Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + target.describe() + ": " + e.getMessage(), e);
        }
        Replicator replicator = new Replicator(repository, collectorStore.toAbsolutePath().normalize(), clock);
        try (PackWriter packs = new PackWriter(repository, replicator.index);
             ContentReaders readers = new ContentReaders(repository, packs,
                     Runtime.getRuntime().availableProcessors());
             Repository.BlobSealer treeSealer = repository.sealer()) {
            return replicator.run(new Sending(packs, readers, treeSealer), listener, incompleteRemoved);
        }
    }

    /** The parts of a run that hold threads and native memory. */
    private record Sending(PackWriter packs, ContentReaders readers, Repository.BlobSealer treeSealer) {
    }

    private record Pending(String node, Path nodeStore, Snapshot snapshot) {
    }

    private ReplicateReport run(Sending sending, ReplicateListener listener, int incompleteRemoved) {
        PackWriter packs = sending.packs();
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
                send(p, key, sending);
                sent.add(p.node() + "/" + date);
                listener.confirmed(p.node(), date, packs.bytesWritten() - before);
            } catch (IOException e) {
                throw new UncheckedIOException(p.node() + "/" + date + ": " + e.getMessage(), e);
            } catch (OffsiteException e) {
                throw e.affecting(p.node() + "/" + date);
            }
        }
        return new ReplicateReport(sent, alreadyThere, packs.objectsWritten(), packs.bytesWritten(), filesRead,
                bytesRead, filesFromCache, index.recovered(), incompleteRemoved);
    }

    /**
     * A tree entry waiting for its content: its record is written, and its file cached, in tree order once the
     * content is known.
     */
    private record InFlight(TreeRecord record, long inode, CompletableFuture<ContentReaders.Content> content,
                            boolean read) {
    }

    private void send(Pending p, String key, Sending sending) throws IOException {
        PackWriter packs = sending.packs();
        String date = p.snapshot().name().toString();
        Path cacheFile = collectorStore.resolve(Snapshot.META_DIR).resolve(CACHE_DIR).resolve(p.node());
        List<BlobId> tree = new ArrayList<>();
        long[] counts = new long[2];
        try (ContentCache.Reader cached = ContentCache.Reader.open(cacheFile, repository.id());
             ContentCache.Writer cache = new ContentCache.Writer(cacheFile, repository.id())) {
            Chunker treeChunks = repository.chunker(Chunker.TREE,
                    chunk -> tree.add(packs.store(chunk, sending.treeSealer())));
            DataOutputStream treeOut = new DataOutputStream(new BufferedOutputStream(new ChunkerStream(treeChunks),
                    1 << 16));
            InodeOrdinals links = new InodeOrdinals();
            TreeWalker walk = TreeWalker.walk(p.snapshot().dir(), Set.of());
            Deque<InFlight> window = new ArrayDeque<>();
            int ordinal = 0;
            while (walk.hasNext()) {
                window.add(record(walk.next(), ordinal++, links, cached, sending.readers(), counts));
                if (window.size() > WINDOW) {
                    complete(window.remove(), cache, treeOut);
                }
            }
            while (!window.isEmpty()) {
                complete(window.remove(), cache, treeOut);
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

    /** An entry's record; a regular file's content comes from the cache, or is read on a pool thread. */
    private InFlight record(TreeEntry entry, int ordinal, InodeOrdinals links, ContentCache.Reader cached,
                            ContentReaders readers, long[] counts) throws IOException {
        FileStat stat = FileStat.of(entry.attributes());
        byte[] target = new byte[0];
        long device = 0;
        int linkTo = -1;
        long inode = 0;
        CompletableFuture<ContentReaders.Content> content = null;
        boolean read = false;
        switch (stat.type()) {
            case SYMLINK -> target = NativeNames.bytes(Files.readSymbolicLink(entry.path()));
            case CHARACTER_DEVICE, BLOCK_DEVICE -> device = FileStat.deviceNumber(entry.attributes());
            case FILE -> {
                inode = FileStat.inodeNumber(entry.attributes());
                if (stat.links() > 1) {
                    linkTo = links.firstOrPut(inode, ordinal);
                }
                if (linkTo < 0) {
                    counts[0]++;
                    counts[1] += stat.size();
                    Optional<List<BlobId>> known = cached.lookup(entry.relative(), inode, stat.size(),
                            stat.mtimeNanos()).filter(blobs -> blobs.stream().allMatch(index::contains));
                    read = known.isEmpty();
                    content = known.map(blobs -> CompletableFuture.completedFuture(new ContentReaders.Content(blobs,
                            0))).orElseGet(() -> readers.read(entry.path()));
                }
            }
            default -> {
            }
        }
        TreeRecord record = new TreeRecord(entry.relative(), stat.type(), stat.mode(), stat.uid(), stat.gid(),
                stat.mtimeNanos(), stat.isFile() ? stat.size() : 0, linkTo, target, device, List.of());
        return new InFlight(record, inode, content, read);
    }

    /** Writes an entry's record once its content is known, and caches a regular file's blobs. */
    private void complete(InFlight entry, ContentCache.Writer cache, DataOutputStream treeOut) throws IOException {
        TreeRecord record = entry.record();
        if (entry.content() != null) {
            ContentReaders.Content content = await(entry.content());
            if (entry.read()) {
                filesRead++;
                bytesRead += content.bytesRead();
            } else {
                filesFromCache++;
            }
            record = record.withContent(content.blobs());
            cache.add(new ContentCache.Entry(record.path(), entry.inode(), record.size(), record.mtimeNanos(),
                    content.blobs()));
        }
        record.write(treeOut);
    }

    private static ContentReaders.Content await(CompletableFuture<ContentReaders.Content> content)
            throws IOException {
        try {
            return content.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException failure) {
                throw failure.getCause();
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
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
