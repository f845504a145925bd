package io.kaizen.backup.collect.pull;

import io.kaizen.backup.collect.pull.PullAction.Kind;
import io.kaizen.backup.fs.ExtendedAttributes;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.SafeParents;
import io.kaizen.backup.fs.Xattrs;
import io.kaizen.backup.remote.agent.AgentClient;
import io.kaizen.backup.remote.agent.RemoteEntry;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.transfer.delta.Signature;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The planning half of the second pass: reads the spool, settles each entry against the previous snapshot (hard
 * link to the previous copy, local copy, whole fetch, or delta against the previous copy) and sends the node the
 * requests for the content it needs, ahead of the {@link PullWriter} that reads the answers in the same order.
 * It only reads: the previous snapshot (through real directories only, never a symlink) and the spool; it never
 * touches the partial. The decision itself is {@link #decide}, a pure function.
 */
final class PullPlanner {
    /** Requests sent before the connection is flushed, at most. */
    private static final int FLUSH_EVERY = 64;
    /** Below this many queued actions the writer is about to wait for answers: flush. */
    private static final int LOW_WATER = 16;

    private final AgentClient client;
    private final SnapshotName name;
    private final Optional<Path> previousDir;
    private final PullOptions options;
    private final ExtendedAttributes xattrs = ExtendedAttributes.forThisProcess();

    /**
     * The attributes of the previous snapshot's regular file at an entry's path; its extended attributes are those
     * the store makes live ({@link PullWriter#live}), read only for a file whose content is unchanged.
     */
    record PreviousFile(int mode, int uid, int gid, long size, Instant mtime, Xattrs xattrs) {
    }

    PullPlanner(AgentClient client, SnapshotName name, Optional<Path> previousDir, PullOptions options) {
        this.client = client;
        this.name = name;
        this.previousDir = previousDir;
        this.options = options;
    }

    /**
     * How to make {@code record}'s entry, given the previous snapshot's regular file at its path (null: none). The
     * listing's decision says whether the node's sum equals the previous one; here the previous copy's size must
     * also match for a link or copy (else the whole file is fetched), and its mode (as the store keeps it:
     * {@link PullWriter#storedMode}), mtime, (as root) owner and the extended attributes the store makes live
     * decide between a link and a copy. A changed file is rebuilt by delta only from a non-empty previous copy
     * into a non-empty file.
     */
    static Kind decide(SpoolRecord record, PreviousFile old, PullOptions options) {
        RemoteEntry entry = record.entry();
        return switch (record.decision()) {
            case PullListing.DIRECTORY -> Kind.DIRECTORY;
            case PullListing.SYMLINK -> Kind.SYMLINK;
            case PullListing.OTHER -> Kind.OTHER;
            case PullListing.HARDLINK -> Kind.HARDLINK;
            case PullListing.SAME_AS_PREVIOUS -> old == null || old.size() != entry.size() ? Kind.FETCH
                    : sameAttributes(old, entry, options) ? Kind.LINK_PREVIOUS : Kind.COPY_PREVIOUS;
            case PullListing.CHANGED_FROM_PREVIOUS -> old == null || old.size() == 0 || entry.size() == 0 ? Kind.FETCH
                    : Kind.DELTA;
            default -> Kind.FETCH;
        };
    }

    private static boolean sameAttributes(PreviousFile old, RemoteEntry entry, PullOptions options) {
        return (old.mode() & 07777) == PullWriter.storedMode(entry, options.preserveDevices())
                && old.mtime().equals(Instant.ofEpochSecond(entry.mtimeSeconds(), entry.mtimeNanos()))
                && (!options.asRoot() || (old.uid() == entry.uid() && old.gid() == entry.gid()))
                && old.xattrs().equals(entry.xattrs().only(name -> PullWriter.live(name, options)));
    }

    /**
     * Plans every record of {@code spool} into {@code queue}, in spool order, ending with {@link PullAction#END};
     * stops early once {@code cancelled} says so. Requests are flushed in batches, and whenever the queue is
     * full or running low, so the node is never idle while the writer waits.
     */
    void plan(Path spool, BlockingQueue<PullAction> queue, BooleanSupplier cancelled)
            throws IOException, InterruptedException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(spool), 1 << 16))) {
            SafeParents previousParents = previousDir.map(SafeParents::new).orElse(null);
            int unflushed = 0;
            Optional<SpoolRecord> next;
            while ((next = SpoolRecord.read(in)).isPresent() && !cancelled.getAsBoolean()) {
                SpoolRecord record = next.get();
                PullAction action = settle(record, previousParents);
                if (action.kind() == Kind.FETCH) {
                    client.sendFile(name, record.entry().path());
                    unflushed++;
                } else if (action.kind() == Kind.DELTA) {
                    unflushed++;
                }
                if (!queue.offer(action)) {
                    client.flush();
                    unflushed = 0;
                    while (!cancelled.getAsBoolean() && !queue.offer(action, 100, TimeUnit.MILLISECONDS)) {
                        // the writer is busy; wait
                    }
                }
                if (unflushed > 0 && (unflushed >= FLUSH_EVERY || queue.size() < LOW_WATER)) {
                    client.flush();
                    unflushed = 0;
                }
            }
            client.flush();
            while (!cancelled.getAsBoolean() && !queue.offer(PullAction.END, 100, TimeUnit.MILLISECONDS)) {
                // wait for room
            }
        }
    }

    /** Decides one record against the previous snapshot; for a delta, sends the previous copy's signature. */
    private PullAction settle(SpoolRecord record, SafeParents previousParents) throws IOException {
        byte decision = record.decision();
        PreviousFile old = decision == PullListing.SAME_AS_PREVIOUS || decision == PullListing.CHANGED_FROM_PREVIOUS
                ? previousFile(record.entry().path(), previousParents, decision == PullListing.SAME_AS_PREVIOUS) : null;
        Kind kind = decide(record, old, options);
        return switch (kind) {
            case LINK_PREVIOUS, COPY_PREVIOUS -> new PullAction(record, kind, previousPath(record), old.size(), 0);
            case DELTA -> delta(record, old);
            default -> PullAction.of(record, kind);
        };
    }

    /** Sends the previous copy's block signature; a previous copy that cannot be read means a whole fetch. */
    private PullAction delta(SpoolRecord record, PreviousFile old) throws IOException {
        Path previous = previousPath(record);
        Signature signature;
        try (FileChannel in = FileChannel.open(previous, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            signature = Signature.of(in, old.size(), client.deltaHash());
        } catch (IOException e) {
            return PullAction.of(record, Kind.FETCH);
        }
        client.sendDelta(name, record.entry().path(), signature);
        return new PullAction(record, Kind.DELTA, previous, old.size(), signature.blockSize());
    }

    private Path previousPath(SpoolRecord record) {
        return NativeNames.resolve(previousDir.orElseThrow(), record.entry().path());
    }

    /**
     * The previous copy at {@code path} if it is a regular file reached through real directories, else null; with
     * its live extended attributes if {@code withXattrs}.
     */
    private PreviousFile previousFile(byte[] path, SafeParents parents, boolean withXattrs) {
        if (previousDir.isEmpty() || !parents.check(path)) {
            return null;
        }
        try {
            Path file = NativeNames.resolve(previousDir.get(), path);
            Map<String, Object> attributes = Files.readAttributes(file, "unix:mode,uid,gid,size,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (int) attributes.get("mode");
            if ((mode & 0170000) != 0100000) {
                return null;
            }
            Xattrs live = withXattrs ? xattrs.read(file).only(name -> PullWriter.live(name, options)) : Xattrs.NONE;
            return new PreviousFile(mode, (int) attributes.get("uid"), (int) attributes.get("gid"),
                    (long) attributes.get("size"), ((FileTime) attributes.get("lastModifiedTime")).toInstant(), live);
        } catch (IOException e) {
            return null;
        }
    }
}
