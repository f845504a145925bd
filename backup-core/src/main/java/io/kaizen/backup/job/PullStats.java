package io.kaizen.backup.job;

/**
 * What one pull did: entries listed; regular files hard-linked to the collector's previous copy, copied from it
 * locally (same content, other attributes), linked within the snapshot, fetched whole, or rebuilt from a delta;
 * the content bytes that crossed the wire for whole files, the literal bytes of deltas, and every byte the agent
 * sent and received at the protocol level.
 */
public record PullStats(long entries, long files, long dirs, long symlinks, long skippedSpecial, long filesLinked,
                        long filesCopiedLocally, long hardLinks, long filesFetched, long filesDelta,
                        long bytesFetched, long deltaLiteralBytes, long bytesReceived, long bytesSent) {
    public static final PullStats NONE = new PullStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
