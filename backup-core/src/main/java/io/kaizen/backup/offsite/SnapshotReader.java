package io.kaizen.backup.offsite;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.store.SnapshotName;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/** Reads snapshots back from tier 3: their roots, their trees (streamed), their files' content. */
final class SnapshotReader {
    private final Repository repository;
    private final RepositoryIndex index;

    SnapshotReader(Repository repository) {
        this.repository = repository;
        this.index = RepositoryIndex.load(repository);
    }

    Repository repository() {
        return repository;
    }

    RepositoryIndex index() {
        return index;
    }

    /** A root that could be read, or the problem of one that could not. */
    record RootEntry(String key, SnapshotRoot root, String problem) {
    }

    /** Every root object, sorted by node and date; damaged ones carry their problem instead of a root. */
    List<RootEntry> roots() {
        List<RootEntry> roots = new ArrayList<>();
        for (String key : repository.list(Repository.ROOTS)) {
            try {
                roots.add(new RootEntry(key, root(key), null));
            } catch (OffsiteException e) {
                roots.add(new RootEntry(key, null, e.getMessage()));
            }
        }
        roots.sort(Comparator.comparing((RootEntry r) -> r.root() == null ? "" : r.root().node())
                .thenComparing(r -> r.root() == null ? "" : r.root().date()));
        return roots;
    }

    SnapshotRoot root(String key) {
        try {
            return SnapshotRoot.decode(repository.openRoot(key, repository.readObject(key)));
        } catch (RuntimeException e) {
            if (e instanceof OffsiteException o) {
                throw o;
            }
            throw repository.damaged(key, "it does not parse: " + e.getMessage());
        }
    }

    /**
     * The root of {@code node}'s snapshot {@code selector} ({@code latest} or a date). None is a
     * {@link ConfigException}.
     */
    SnapshotRoot select(String node, String selector) {
        if (!"latest".equals(selector)) {
            String date = SnapshotName.parse(selector).toString();
            String key = repository.rootKey(node, date);
            if (!repository.list(key).contains(key)) {
                throw new ConfigException("tier 3 (" + repository.describe() + ") holds no snapshot " + node + "/"
                        + date);
            }
            return root(key);
        }
        return roots().stream().filter(r -> r.root() != null && r.root().node().equals(node))
                .map(RootEntry::root).reduce((a, b) -> b)
                .orElseThrow(() -> new ConfigException("tier 3 (" + repository.describe() + ") holds no snapshot of "
                        + "node " + node));
    }

    /** The tree's records in tree order, read blob by blob. */
    Iterator<TreeRecord> tree(SnapshotRoot root) {
        Iterator<BlobId> blobs = root.tree().iterator();
        DataInputStream in = new DataInputStream(new SequenceInputStream(new Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return blobs.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return new ByteArrayInputStream(blob(blobs.next()));
            }
        }));
        return new Iterator<>() {
            private TreeRecord next = read();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public TreeRecord next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                TreeRecord record = next;
                next = read();
                return record;
            }

            private TreeRecord read() {
                try {
                    return TreeRecord.read(in);
                } catch (IOException e) {
                    throw new OffsiteException("the tree of " + root.node() + "/" + root.date() + " is damaged: "
                            + e.getMessage(), e);
                }
            }
        };
    }

    /** Hands a file's content to {@code sink}, blob by blob. */
    void content(TreeRecord file, Consumer<byte[]> sink) {
        file.content().forEach(blob -> sink.accept(blob(blob)));
    }

    byte[] blob(BlobId blob) {
        return repository.readBlob(blob, index.locate(blob));
    }
}
