package io.kaizen.backup.offsite;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stores blobs from several threads: a blob the index already knows, or another thread is storing, is not stored
 * again (deduplication across nodes and dates); a new one is sealed by the calling thread into the current pack.
 * A pack that reaches {@link Pack#TARGET_SIZE} goes to the one writer thread, which uploads it and records it in
 * the index while the callers go on sealing; callers wait while {@link #WAITING} full packs are already waiting
 * for it, so memory stays bounded. {@link #flush} returns once every blob stored before it is in an uploaded pack.
 */
final class PackWriter implements AutoCloseable {
    /** Full packs that may wait for the writer thread besides the one it uploads. */
    private static final int WAITING = 1;

    private final Repository repository;
    private final RepositoryIndex index;
    private final Set<BlobId> claimed = ConcurrentHashMap.newKeySet();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "kaizen-pack-writer");
        thread.setDaemon(true);
        return thread;
    });
    private final Semaphore slots = new Semaphore(WAITING + 1);
    private final List<Future<?>> uploads = new ArrayList<>();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong objectsWritten = new AtomicLong();
    private Pack.Builder pack = new Pack.Builder();

    PackWriter(Repository repository, RepositoryIndex index) {
        this.repository = repository;
        this.index = index;
    }

    /** Stores {@code plaintext} unless the repository has it or is getting it; returns its id. */
    BlobId store(byte[] plaintext, Repository.BlobSealer sealer) {
        BlobId id = repository.blobId(plaintext);
        if (index.contains(id) || !claimed.add(id)) {
            return id;
        }
        if (index.contains(id)) {
            claimed.remove(id);
            return id;
        }
        byte[] sealed = sealer.seal(id, plaintext);
        Pack.Builder full = null;
        synchronized (this) {
            pack.add(id, sealed);
            if (pack.size() >= Pack.TARGET_SIZE) {
                full = pack;
                pack = new Pack.Builder();
            }
        }
        if (full != null) {
            upload(full);
        }
        return id;
    }

    /** Uploads the current pack, if it holds anything, and waits for every upload; rethrows the first failure. */
    void flush() {
        Pack.Builder last;
        synchronized (this) {
            last = pack;
            pack = new Pack.Builder();
        }
        if (!last.isEmpty()) {
            upload(last);
        }
        List<Future<?>> pending;
        synchronized (uploads) {
            pending = List.copyOf(uploads);
            uploads.clear();
        }
        for (Future<?> upload : pending) {
            await(upload);
        }
    }

    /** Counts an object written by someone else (an index, a root). */
    void counted(long bytes) {
        bytesWritten.addAndGet(bytes);
        objectsWritten.incrementAndGet();
    }

    long bytesWritten() {
        return bytesWritten.get();
    }

    long objectsWritten() {
        return objectsWritten.get();
    }

    /** Waits for the uploads handed over (at most {@link #WAITING} + 1 packs) and stops the writer thread. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void upload(Pack.Builder full) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to upload a pack", e);
        }
        Future<?> upload;
        try {
            upload = writer.submit(() -> {
                try {
                    write(full);
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        synchronized (uploads) {
            uploads.add(upload);
        }
    }

    private void write(Pack.Builder full) {
        byte[] bytes = full.finish(repository.keys());
        String key = repository.createContentAddressed(Repository.DATA, bytes);
        List<Pack.Entry> entries = full.entries();
        index.added(key, entries);
        entries.forEach(e -> claimed.remove(e.id()));
        counted(bytes.length);
    }

    private static void await(Future<?> upload) {
        try {
            upload.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uploading a pack", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
