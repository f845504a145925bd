package io.kaizen.backup.offsite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Reads, chunks and stores files' contents on a pool of threads, one per core. Each thread keeps its read buffer
 * and its blob sealer, so a small file costs little more than its own bytes. Each file's blobs come back as a
 * future, which the replicator takes in tree order.
 */
final class ContentReaders implements AutoCloseable {
    private static final int READ_BUFFER = 1 << 20;

    /** What reading one file gave: its blobs in order, and the bytes read. */
    record Content(List<BlobId> blobs, long bytesRead) {
    }

    private final Repository repository;
    private final PackWriter packs;
    private final ExecutorService pool;
    private final List<Reader> readers = Collections.synchronizedList(new ArrayList<>());
    private final ThreadLocal<Reader> reader;

    ContentReaders(Repository repository, PackWriter packs, int threads) {
        this.repository = repository;
        this.packs = packs;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "kaizen-content-reader");
            thread.setDaemon(true);
            return thread;
        });
        this.reader = ThreadLocal.withInitial(() -> {
            Reader created = new Reader(repository.sealer());
            readers.add(created);
            return created;
        });
    }

    /** Reads {@code file} on a pool thread; the future fails with an {@link UncheckedIOException} if it cannot. */
    CompletableFuture<Content> read(Path file) {
        return CompletableFuture.supplyAsync(() -> reader.get().read(file), pool);
    }

    /** Stops the threads (a failed run's reads still queued are dropped) and frees their sealers. */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readers.forEach(Reader::close);
    }

    /** One thread's buffer and sealer. */
    private final class Reader implements AutoCloseable {
        private final byte[] buffer = new byte[READ_BUFFER];
        private final Repository.BlobSealer sealer;

        Reader(Repository.BlobSealer sealer) {
            this.sealer = sealer;
        }

        Content read(Path file) {
            List<BlobId> blobs = new ArrayList<>();
            Chunker chunker = repository.chunker(Chunker.CONTENT, chunk -> blobs.add(packs.store(chunk, sealer)));
            long total = 0;
            try (InputStream in = Files.newInputStream(file)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    chunker.write(buffer, 0, n);
                    total += n;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            chunker.finish();
            return new Content(List.copyOf(blobs), total);
        }

        @Override
        public void close() {
            sealer.close();
        }
    }
}
