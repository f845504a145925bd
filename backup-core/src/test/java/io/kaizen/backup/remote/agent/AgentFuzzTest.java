package io.kaizen.backup.remote.agent;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kaizen.backup.remote.RemoteException;
import io.kaizen.backup.snapshot.SnapshotJob;
import io.kaizen.backup.snapshot.SnapshotListener;
import io.kaizen.backup.snapshot.SnapshotRequest;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.SumsFile;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.transfer.FilterRules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;

/**
 * Fuzz targets for what crosses the trust line in either direction (docs/PROTOCOL.md): the agent's request parser
 * fed a hostile collector's bytes, and the collector's frame, HELLO, LIST, entry-list and SHA256SUMS parsers fed a
 * hostile node's bytes. Each parser may refuse its input only with the error its contract names (an I/O or
 * protocol error, a refused sums line); any other exception, a hang or running out of memory is a finding. In the
 * normal test run Jazzer replays the seeds under {@code AgentFuzzTestInputs/} (regression mode, a few seconds); a
 * long run is {@code ./fuzz [SECONDS]} (README, "Fuzzing").
 */
class AgentFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T02:30:00Z"), ZoneOffset.UTC);
    private static final SnapshotStore STORE = store();

    /** A real store with one complete snapshot, made once per JVM: what the agent serves. */
    private static SnapshotStore store() {
        try {
            Path dir = Files.createTempDirectory("kaizen-fuzz");
            dir.toFile().deleteOnExit();
            Path src = dir.resolve("src");
            TreeBuilder.at(src).file("etc/a.conf", "a").file("etc/b.conf", "bb").symlink("etc/link", "a.conf");
            Path storeDir = dir.resolve("store");
            var report = new SnapshotJob(CLOCK, SnapshotListener.NONE).run(SnapshotRequest.builder().store(storeDir)
                    .host("fuzz").engine("java").source(new PathSource(src, FilterRules.NONE)).build());
            if (report.status() != RunStatus.SUCCEEDED) {
                throw new IllegalStateException("the fuzz store's snapshot failed: " + report.failure());
            }
            return SnapshotStore.at(storeDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A hostile collector: any bytes as the client's side of a session. */
    @FuzzTest(maxDuration = "2m")
    void agentRequests(byte[] client) {
        try {
            new AgentServer(STORE, CLOCK, "fuzz").serve(new ByteArrayInputStream(client), OutputStream.nullOutputStream());
        } catch (IOException | RemoteException e) {
            // refused: a broken frame or a request too short for its op ends the session
        }
    }

    /** A hostile node: any bytes as the agent's side of a session, read as the collector reads a pull's start. */
    @FuzzTest(maxDuration = "2m")
    void collectorReadsAnAgent(byte[] node) {
        try {
            AgentClient client = new AgentClient(new ByteArrayInputStream(node), OutputStream.nullOutputStream());
            client.list();
            SnapshotName day = SnapshotName.parse("2026-11-24");
            client.manifest(day);
            client.sums(day, OutputStream.nullOutputStream(), 1 << 20);
            AgentClient.EntryList entries = client.entries(day);
            for (Optional<RemoteEntry> entry = entries.next(); entry.isPresent(); entry = entries.next()) {
                entry.get().display();
            }
        } catch (IOException | RemoteException e) {
            // refused: the node's bytes broke a bound or a check
        }
    }

    /**
     * A hostile node's entry list with extended attributes, as the collector reads it: refused only with an I/O or
     * protocol error, never allocating more than the bounds allow; an entry it accepts survives writing and
     * reading again unchanged, its attributes byte for byte.
     */
    @FuzzTest(maxDuration = "2m")
    void collectorReadsAnXattrListing(byte[] node) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(node));
        try {
            for (Optional<RemoteEntry> entry = RemoteEntry.read(in, RemoteEntry.Listing.XATTRS); entry.isPresent();
                 entry = RemoteEntry.read(in, RemoteEntry.Listing.XATTRS)) {
                ByteArrayOutputStream again = new ByteArrayOutputStream();
                entry.get().write(new DataOutputStream(again), RemoteEntry.Listing.XATTRS);
                RemoteEntry read = RemoteEntry.read(new DataInputStream(new ByteArrayInputStream(again.toByteArray())),
                        RemoteEntry.Listing.XATTRS).orElseThrow();
                if (!read.xattrs().equals(entry.get().xattrs()) || !Arrays.equals(read.path(), entry.get().path())) {
                    throw new AssertionError("an accepted entry does not survive writing: " + entry.get().display());
                }
            }
        } catch (IOException | RemoteException e) {
            // refused: the node's bytes broke a bound or a check
        }
    }

    /** A hostile node's SHA256SUMS: one line as the collector parses it. */
    @FuzzTest(maxDuration = "2m")
    void collectorParsesASumsLine(byte[] line) {
        SumsFile.Line parsed;
        try {
            parsed = SumsFile.parse(line);
        } catch (IllegalArgumentException e) {
            return; // refused: not a sha256sum line
        }
        byte[] formatted = SumsFile.format(parsed);
        SumsFile.Line again = SumsFile.parse(Arrays.copyOf(formatted, formatted.length - 1));
        if (!Arrays.equals(again.relative(), parsed.relative()) || !Arrays.equals(again.sha256(), parsed.sha256())) {
            throw new AssertionError("a parsed line does not survive formatting: " + new String(formatted,
                    java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }
}
