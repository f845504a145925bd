package io.kaizen.backup.collect.pull;

import io.kaizen.backup.remote.agent.AgentClient;
import io.kaizen.backup.store.SnapshotName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Second pass of a pull: builds the partial snapshot from the spool. The {@link PullPlanner} runs on its own
 * thread, settling each entry and sending the node its requests ahead; the calling thread runs the
 * {@link PullWriter}, which carries out the actions in the same order and reads the answers. A bounded queue
 * joins the two; a failure of the planner ends the writer with it, and the end of the writer stops the planner.
 */
final class PullApplier {
    private static final int QUEUE = 512;

    private final PullPlanner planner;
    private final PullWriter writer;
    private final Path spool;
    private final BlockingQueue<PullAction> queue = new ArrayBlockingQueue<>(QUEUE);
    private volatile Throwable plannerFailure;
    private volatile boolean cancelled;

    PullApplier(AgentClient client, SnapshotName name, Path partial, Optional<Path> previousDir, Path spool,
                PullOptions options, Consumer<String> warnings) {
        this.planner = new PullPlanner(client, name, previousDir, options);
        this.writer = new PullWriter(client, partial, options, warnings);
        this.spool = spool;
    }

    PullWriter.Tally run() throws IOException {
        Thread thread = new Thread(this::plan, "kaizen-pull-planner");
        thread.setDaemon(true);
        thread.start();
        try {
            return writer.write(this::take);
        } finally {
            cancelled = true;
            thread.interrupt();
        }
    }

    private void plan() {
        try {
            planner.plan(spool, queue, () -> cancelled);
        } catch (Throwable e) {
            plannerFailure = e;
        }
    }

    /** The next action, waiting for the planner; its failure, if it failed. */
    private PullAction take() throws IOException {
        while (true) {
            PullAction action;
            try {
                action = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (action != null) {
                return action;
            }
            Throwable failure = plannerFailure;
            if (failure != null) {
                if (failure instanceof IOException io) {
                    throw io;
                }
                if (failure instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException(failure);
            }
        }
    }
}
