package io.kaizen.backup.transfer.tree;

import io.kaizen.backup.transfer.Engine;
import io.kaizen.backup.transfer.TransferRequest;
import io.kaizen.backup.transfer.TransferResult;

/** Copies local trees like {@code rsync -aH --delete --numeric-ids --link-dest}, in parallel. */
public final class JavaEngine implements Engine {
    private final int threads;

    public JavaEngine() {
        this(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    public JavaEngine(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = threads;
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
        return new TreeCopy(request, threads).run();
    }
}
