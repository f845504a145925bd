/**
 * The agent protocol spoken between {@code kaizen collect} and {@code kaizen serve} (the SSH forced command on
 * nodes), version {@value io.kaizen.backup.remote.agent.AgentProtocol#VERSION}.
 *
 * <p>Wire form: length-prefixed frames ({@code u8 type, i32 length, payload}); the server greets with HELLO,
 * then answers each REQUEST, in order, with a body (DATA frames closed by END) or an ERROR frame. Requests: list
 * complete snapshots; a snapshot's manifest, sums file and entry list (names as bytes, with metadata); a file's
 * content; a delta of a file against a signature the client sends (rsync's algorithm, {@code transfer.delta}).
 *
 * <p>Additions within version 1 stay compatible both ways: a HELLO may end with an int of feature bits (older
 * clients ignore it; from an older agent it is absent, so none), and a client sends an added request only to an
 * agent that lists its feature. {@code FEATURE_SPECIALS}: the entry list with fifos, devices (and their numbers)
 * and sockets told apart ({@code OP_ENTRIES_SPECIALS}); the plain entry list still sends them as OTHER.
 * {@code FEATURE_XXH64}: deltas against signatures with XXH64 block hashes ({@code OP_DELTA_XXH64}); MD5
 * signatures ({@code OP_DELTA}) are still answered. {@code FEATURE_XATTRS}: the entry list with specials told apart
 * and each entry's extended attributes, POSIX ACLs included ({@code OP_ENTRIES_XATTRS}), bounded per entry.
 *
 * <p>Invariants: the server is read-only and serves only complete snapshots of its one store, never a path that
 * leaves it (no {@code ..}, no absolute names, no symlinked parents). The client treats everything it reads as
 * untrusted: every frame, name, size and count is bounded and checked before it is used, and memory never
 * depends on what the peer claims.
 */
package io.kaizen.backup.remote.agent;
