package io.kaizen.backup.transfer.tree;

import io.kaizen.backup.transfer.Engine;
import io.kaizen.backup.transfer.TransferRequest;
import io.kaizen.backup.transfer.TransferResult;

/**
 * Copies local trees like {@code rsync -aH --delete --numeric-ids --link-dest}, in parallel. Changed files of at
 * least {@code deltaMinSize} bytes (0: none) are rebuilt from their previous copy by rsync's delta algorithm, like
 * {@code rsync --no-whole-file}.
 */
public final class JavaEngine implements Engine {
    private final int threads;
    private final long deltaMinSize;

    public JavaEngine() {
        this(defaultThreads(), 0);
    }

    /** Twice the processors, at least 4: the copy waits on the file system as much as it computes. */
    public static int defaultThreads() {
        return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    }

    public JavaEngine(int threads, long deltaMinSize) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (deltaMinSize < 0) {
            throw new IllegalArgumentException("deltaMinSize must not be negative");
        }
        this.threads = threads;
        this.deltaMinSize = deltaMinSize;
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void checkAvailable() {
        // needs nothing beyond the JVM
    }

    @Override
    public TransferResult transfer(TransferRequest request) {
        return new TreeCopy(request, threads, deltaMinSize).run();
    }
}
