package io.kaizen.backup.remote.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.remote.BandwidthLimit;
import io.kaizen.backup.remote.SshTarget;
import io.kaizen.backup.snapshot.SnapshotJob;
import io.kaizen.backup.snapshot.SnapshotListener;
import io.kaizen.backup.snapshot.SnapshotRequest;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.transfer.delta.DeltaApplier;
import io.kaizen.backup.transfer.delta.DeltaStats;
import io.kaizen.backup.transfer.delta.DeltaWire;
import io.kaizen.backup.transfer.delta.Signature;
import io.kaizen.backup.transfer.delta.StrongHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delta request's strong hash as the protocol negotiates it: the real AgentServer over a loopback socket,
 * serving a store made by SnapshotJob, answers XXH64 signatures (which it lists in its HELLO) and the MD5
 * signatures of collectors older than that; a collector talking to an agent whose HELLO lists nothing sends MD5.
 */
class AgentDeltaTest {
    private static final SnapshotName DAY = SnapshotName.parse("2026-12-01");

    @TempDir
    Path tmp;

    private Path store;
    private Path oldCopy;
    private byte[] fresh;
    private byte[] path;

    @BeforeEach
    void nodeWithAChangedFile() throws IOException {
        Random random = new Random(5);
        byte[] old = new byte[3_000_000];
        random.nextBytes(old);
        fresh = old.clone();
        for (int at : new int[] {10, 1_000_000, 2_999_000}) {
            byte[] change = new byte[500];
            random.nextBytes(change);
            System.arraycopy(change, 0, fresh, at, change.length);
        }
        Path source = Files.createDirectories(tmp.resolve("src"));
        Files.write(source.resolve("big"), fresh);
        oldCopy = Files.write(tmp.resolve("old-copy"), old);
        store = tmp.resolve("store");
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T02:30:00Z"), ZoneOffset.UTC);
        var report = new SnapshotJob(clock, SnapshotListener.NONE).run(SnapshotRequest.builder().store(store).host("node")
                .engine("java").source(new PathSource(source, FilterRules.NONE)).build());
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        path = source.resolve("big").toString().substring(1).getBytes(StandardCharsets.UTF_8);
    }

    private AgentClient connect() {
        Clock nodeClock = Clock.fixed(Instant.parse("2026-12-01T06:00:00Z"), ZoneOffset.UTC);
        return new LoopbackAgents().add("node", (in, out) -> new AgentServer(SnapshotStore.at(store), nodeClock, "node")
                .serve(in, out)).open(new SshTarget("node", 22, "kaizen-backup"), BandwidthLimit.UNLIMITED, warning -> { }).client();
    }

    /** Asks for the delta of the node's file against our old copy's signature of {@code hash}; returns it applied. */
    private Rebuilt pull(AgentClient client, StrongHash hash) throws IOException {
        try (FileChannel old = FileChannel.open(oldCopy, StandardOpenOption.READ)) {
            Signature signature = Signature.of(old, old.size(), hash);
            client.sendDelta(DAY, path, signature);
            client.flush();
            ByteArrayOutputStream result = new ByteArrayOutputStream();
            AgentClient.Body body = client.nextBody("delta");
            DeltaStats stats = new DeltaStats(new DeltaApplier(old, old.size(), signature.blockSize(),
                    Channels.newChannel(result)));
            DeltaWire.replay(new DataInputStream(body), stats, signature.blockSize(), fresh.length);
            body.finish(0);
            return new Rebuilt(result.toByteArray(), stats.literalBytes(), stats.matchedBlocks());
        }
    }

    private record Rebuilt(byte[] content, long literal, long matchedBlocks) {
    }

    @Test
    void aNewAgentListsXxh64AndItsDeltaAgainstAnXxh64SignatureRebuildsTheFile() throws IOException {
        AgentClient client = connect();
        assertThat(client.hello().features() & AgentProtocol.FEATURE_XXH64).isNotZero();
        assertThat(client.deltaHash()).isEqualTo(StrongHash.XXH64);
        Rebuilt rebuilt = pull(client, StrongHash.XXH64);
        assertThat(rebuilt.content()).isEqualTo(fresh);
        assertThat(rebuilt.literal()).as("three changed blocks of 1728 bytes at most").isLessThanOrEqualTo(3 * 2 * 1728);
        assertThat(rebuilt.matchedBlocks()).isPositive();
        client.bye();
    }

    @Test
    void theNewAgentStillAnswersTheMd5SignatureOfAnOlderCollector() throws IOException {
        AgentClient client = connect();
        Rebuilt rebuilt = pull(client, StrongHash.MD5);
        assertThat(rebuilt.content()).isEqualTo(fresh);
        assertThat(rebuilt.literal()).isLessThanOrEqualTo(3 * 2 * 1728);
        assertThat(pull(client, StrongHash.XXH64).content()).as("both kinds in one session").isEqualTo(fresh);
        client.bye();
    }

    @Test
    void aCollectorSendsMd5ToAnAgentWhoseHelloListsNoFeatures() throws IOException {
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(hello);
        h.writeUTF(AgentProtocol.MAGIC);
        h.writeInt(AgentProtocol.VERSION);
        h.writeLong(0);
        h.writeUTF("old-node");
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        Frames.write(new DataOutputStream(frame), AgentProtocol.HELLO, hello.toByteArray());
        AgentClient client = new AgentClient(new ByteArrayInputStream(frame.toByteArray()), OutputStream.nullOutputStream());
        assertThat(client.hello().features()).isZero();
        assertThat(client.deltaHash()).isEqualTo(StrongHash.MD5);
    }
}
