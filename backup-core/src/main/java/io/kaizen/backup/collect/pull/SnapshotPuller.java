package io.kaizen.backup.collect.pull;

import io.kaizen.backup.fs.AtomicFile;
import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.remote.agent.AgentClient;
import io.kaizen.backup.remote.agent.AgentException;
import io.kaizen.backup.store.Counts;
import io.kaizen.backup.store.Manifest;
import io.kaizen.backup.store.ManifestJson;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.SumsFile;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Pulls one complete snapshot of a node into a partial snapshot of the collector's store for that node: the
 * node's manifest and SHA256SUMS (byte for byte), then every entry, with files unchanged since the collector's
 * previous copy hard-linked to it and changed ones rebuilt from deltas against it. The result is verified as it
 * is built (see {@link PullListing} and {@link PullApplier}); committing it is the caller's job. An agent that does
 * not carry extended attributes and ACLs is one warning per pull.
 */
public final class SnapshotPuller {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private SnapshotPuller() {
    }

    /** Parses and checks a manifest received from a node; it must name {@code expected}. */
    public static Manifest parseManifest(byte[] bytes, SnapshotName expected) {
        Manifest manifest;
        try {
            manifest = ManifestJson.read(bytes);
        } catch (IOException | RuntimeException e) {
            throw new AgentException(AgentException.Kind.UNTRUSTED_INPUT, "manifest of " + expected + " does not parse: "
                    + e.getMessage());
        }
        Counts c = manifest.counts();
        String problem = manifest.formatVersion() != Manifest.FORMAT_VERSION ? "unknown format version " + manifest.formatVersion()
                : !expected.toString().equals(manifest.snapshot()) ? "it names snapshot " + manifest.snapshot()
                : manifest.status() == null ? "no status"
                : c == null ? "no counts"
                : c.files() < 0 || c.dirs() < 0 || c.symlinks() < 0 || c.others() < 0 || c.bytes() < 0 ? "negative counts"
                : manifest.sumsSha256() == null || !HEX64.matcher(manifest.sumsSha256()).matches() ? "no valid sumsSha256"
                : null;
        if (problem != null) {
            throw new AgentException(AgentException.Kind.UNTRUSTED_INPUT, "manifest of " + expected + " refused: " + problem);
        }
        return manifest;
    }

    /**
     * Fills {@code partial} (made by {@code SnapshotStore.beginPartial}) with snapshot {@code name}.
     *
     * @param spool a scratch file outside the partial, removed afterwards
     */
    public static PullStats pull(AgentClient client, SnapshotName name, byte[] manifestBytes, Path partial,
                          Optional<Snapshot> previous, Path spool, PullOptions options,
                          Consumer<String> warnings) throws IOException {
        Manifest manifest = parseManifest(manifestBytes, name);
        Counts counts = manifest.counts();
        long maxEntries = options.maxEntries();
        long entries = counts.files() + counts.dirs() + counts.symlinks() + counts.others();
        if (entries > maxEntries || counts.files() > maxEntries) {
            throw new AgentException(AgentException.Kind.UNTRUSTED_INPUT, "snapshot " + name + " claims " + entries
                    + " entries, more than the limit of " + maxEntries);
        }

        if (!client.carriesXattrs()) {
            warnings.accept("the node's agent does not carry ACLs and extended attributes (an older kaizen): the copy of "
                    + name + " holds none");
        }
        long receivedBefore = client.bytesReceived();
        long sentBefore = client.bytesSent();
        Path sums = partial.resolve(Snapshot.META_DIR).resolve("SHA256SUMS");
        MessageDigest digest = Sha256.digest();
        AtomicFile.write(sums, null, out -> client.sums(name, lineBounded(new DigestOutputStream(out, digest), name),
                counts.files() * SumsFile.MAX_LINE));
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(manifest.sumsSha256())) {
            throw new VerificationException("SHA256SUMS of " + name + " has SHA-256 " + actual + ", the manifest says "
                    + manifest.sumsSha256());
        }
        long listed;
        PullWriter.Tally tally;
        try {
            listed = PullListing.spool(client.entries(name), counts, sums, previous.map(Snapshot::sumsFile), spool, maxEntries);
            tally = new PullApplier(client, name, partial, previous.map(Snapshot::dir), spool, options, warnings).run();
        } finally {
            Files.deleteIfExists(spool);
        }
        SnapshotStore.writeManifest(partial, manifestBytes);
        return new PullStats(listed, tally.files, tally.dirs, tally.symlinks, tally.specials, tally.skippedSpecial,
                tally.linked, tally.copiedLocally, tally.hardLinks, tally.fetched, tally.deltas, tally.bytesFetched,
                tally.deltaLiteral, tally.deltaMatched, client.bytesReceived() - receivedBefore,
                client.bytesSent() - sentBefore);
    }

    /** Passes the node's SHA256SUMS through, refusing a line longer than {@link SumsFile#MAX_LINE} as it arrives. */
    private static OutputStream lineBounded(OutputStream out, SnapshotName name) {
        return new FilterOutputStream(out) {
            private long line = 1;
            private long length;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = off; i < off + len; i++) {
                    if (b[i] == '\n') {
                        line++;
                        length = 0;
                    } else if (++length >= SumsFile.MAX_LINE) {
                        throw new AgentException(AgentException.Kind.UNTRUSTED_INPUT, "SHA256SUMS of " + name
                                + ": line " + line + " is longer than " + SumsFile.MAX_LINE + " bytes");
                    }
                }
                out.write(b, off, len);
            }
        };
    }
}
