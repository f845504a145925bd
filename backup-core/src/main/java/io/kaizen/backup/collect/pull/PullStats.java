package io.kaizen.backup.collect.pull;

import io.kaizen.backup.store.LastRun;

/**
 * What one pull did: entries listed; fifos and devices made (or, for devices, recorded in {@code .kaizen/specials}),
 * and specials skipped (with a warning each); regular files hard-linked to the collector's previous copy, copied
 * from it locally (same content, other attributes), linked within the snapshot, fetched whole, or rebuilt from a
 * delta; the content bytes that crossed the wire for whole files, the literal bytes of deltas (which crossed the
 * wire) and their matched bytes (copied from the previous copy), and every byte the agent sent and received at the
 * protocol level.
 */
public record PullStats(long entries, long files, long dirs, long symlinks, long specials, long skippedSpecial,
                        long filesLinked, long filesCopiedLocally, long hardLinks, long filesFetched, long filesDelta,
                        long bytesFetched, long deltaLiteralBytes, long deltaMatchedBytes, long bytesReceived,
                        long bytesSent) {
    public static final PullStats NONE = new PullStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The byte counts kept in the node's {@code last-run.json} on the collector. */
    public LastRun.Transfer transfer() {
        return new LastRun.Transfer(bytesReceived, bytesSent, bytesFetched, deltaLiteralBytes, deltaMatchedBytes);
    }
}
