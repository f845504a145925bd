package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.snapshot.SnapshotJob;
import io.kaizen.backup.snapshot.SnapshotListener;
import io.kaizen.backup.snapshot.SnapshotRequest;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.transfer.FilterRules;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a stolen collector key can make a node do, through the real sshd, forced command, sudo and launcher
 * (so {@code kaizen serve} runs with the launcher's capped heap): the agent's frames are written by hand here,
 * as a hostile client would, from docs/PROTOCOL.md rather than from the project's own writer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeLimitsIT {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 24);
    private static final byte OP_LIST = 1;
    private static final byte OP_DELTA = 6;
    private static final byte OP_BYE = 0;

    @TempDir
    static Path tmp;

    private SshNodes nodes;
    private SshNodes.Node node;
    private Path knownHosts;
    private Path src;

    @BeforeAll
    void startNode() throws Exception {
        nodes = new SshNodes(tmp.resolve("ssh"));
        node = nodes.start("n1");
        knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, node.knownHostsLine() + "\n");
        src = tmp.resolve("src");
        TreeBuilder.at(src).file("etc/small.conf", "a small file the collector asks a delta of\n");
        var report = new SnapshotJob(Clock.systemUTC(), SnapshotListener.NONE).run(SnapshotRequest.builder()
                .store(node.store()).host("n1").engine("rsync").date(new SnapshotName(DAY))
                .source(new PathSource(src, FilterRules.NONE)).build());
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @AfterAll
    void stopNode() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
    }

    /** One agent session over ssh, speaking raw frames. */
    private final class Session implements AutoCloseable {
        final Process ssh;
        final DataOutputStream out;
        final DataInputStream in;

        Session() throws IOException {
            List<String> argv = new ArrayList<>(nodes.ssh(node, knownHosts, SshNodes.USER + "@127.0.0.1"));
            argv.addAll(List.of("kaizen-agent", "1"));
            ssh = new ProcessBuilder(argv).redirectError(tmp.resolve("ssh-" + System.nanoTime() + ".err").toFile()).start();
            out = new DataOutputStream(ssh.getOutputStream());
            in = new DataInputStream(ssh.getInputStream());
        }

        void frame(char type, byte[] payload) throws IOException {
            out.writeByte(type);
            out.writeInt(payload.length);
            out.write(payload);
            out.flush();
        }

        void request(byte op, String... fields) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream payload = new DataOutputStream(bytes);
            payload.writeByte(op);
            for (String field : fields) {
                byte[] raw = field.getBytes(StandardCharsets.UTF_8);
                payload.writeShort(raw.length);
                payload.write(raw);
            }
            frame('Q', bytes.toByteArray());
        }

        /** A signature body holding only its 16-byte header: length, block size, block count. */
        void signatureHeader(long length, int blockSize, int blocks) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream header = new DataOutputStream(bytes);
            header.writeLong(length);
            header.writeInt(blockSize);
            header.writeInt(blocks);
            frame('D', bytes.toByteArray());
            frame('E', new byte[0]);
        }

        /** The next frame: type and payload. */
        Frame read() throws IOException {
            char type = (char) in.readUnsignedByte();
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            return new Frame(type, payload);
        }

        /** A whole body (DATA frames up to END), or the ERROR frame's text prefixed by "ERROR: ". */
        String body() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                Frame frame = read();
                switch (frame.type()) {
                    case 'D' -> body.writeBytes(frame.payload());
                    case 'E' -> {
                        return body.toString(StandardCharsets.ISO_8859_1);
                    }
                    case 'X' -> {
                        return "ERROR: " + new String(frame.payload(), StandardCharsets.UTF_8);
                    }
                    default -> throw new IOException("unexpected frame " + frame.type());
                }
            }
        }

        int exit() throws InterruptedException {
            assertThat(ssh.waitFor(60, TimeUnit.SECONDS)).as("the session ended").isTrue();
            return ssh.exitValue();
        }

        @Override
        public void close() {
            ssh.destroy();
        }
    }

    private record Frame(char type, byte[] payload) {
    }

    private String smallFile() {
        return src.toString().substring(1) + "/etc/small.conf";
    }

    @Test
    void aForgedSignatureHeaderIsRefusedWithoutAllocatingAndTheSessionGoesOn() throws Exception {
        try (Session session = new Session()) {
            assertThat(session.read().type()).isEqualTo('H');
            // 28 bytes on the wire claiming 134 217 727 blocks of 1 byte: half a GiB of weak sums alone
            session.request(OP_DELTA, DAY.toString(), smallFile());
            session.signatureHeader(134_217_727L, 1, 134_217_727);
            assertThat(session.body()).startsWith("ERROR: bad signature: refusing signature")
                    .contains("block size 1");

            session.request(OP_LIST);
            assertThat(session.body()).as("the agent survived and serves the next request").contains(DAY.toString());
            session.request(OP_BYE);
            assertThat(session.exit()).isZero();
        }
    }

    @Test
    void aSignatureOfAnOldCopyFarLargerThanTheFileIsSkippedAndTheFileGoesWhole() throws Exception {
        long claimed = 200L << 30;
        int blockSize = 131072;
        try (Session session = new Session()) {
            assertThat(session.read().type()).isEqualTo('H');
            session.request(OP_DELTA, DAY.toString(), smallFile());
            session.signatureHeader(claimed, blockSize, (int) (claimed / blockSize));
            byte[] content = Files.readAllBytes(src.resolve("etc/small.conf"));
            ByteArrayOutputStream literal = new ByteArrayOutputStream();
            DataOutputStream expected = new DataOutputStream(literal);
            expected.writeByte('L');
            expected.writeInt(content.length);
            expected.write(content);
            expected.writeByte('E');
            assertThat(session.body()).as("a delta of the whole file as literal data")
                    .isEqualTo(literal.toString(StandardCharsets.ISO_8859_1));
            session.request(OP_BYE);
            assertThat(session.exit()).isZero();
        }
    }

    @Test
    void aSecondSessionOnTheSameStoreIsRefusedWhileTheFirstRuns() throws Exception {
        try (Session first = new Session()) {
            assertThat(first.read().type()).isEqualTo('H');
            KaizenProcess.Result second = SshNodes.capture(nodes.ssh(node, knownHosts, SshNodes.USER + "@127.0.0.1",
                    "kaizen-agent", "1").toArray(String[]::new));
            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.stdout()).contains("kaizen serve: refused: store " + node.store() + " is locked by pid")
                    .contains("another session is being served (one at a time)");
            first.request(OP_BYE);
            assertThat(first.exit()).isZero();
        }
        try (Session third = new Session()) {
            assertThat(third.read().type()).as("the lock went with the first session").isEqualTo('H');
            third.request(OP_BYE);
            assertThat(third.exit()).isZero();
        }
    }

    @Test
    void rsyncServerModeIsRefusedUnlessTheNodeTurnedItOn() throws Exception {
        Path into = tmp.resolve("rsync-out");
        KaizenProcess.Result read = SshNodes.capture("rsync", "-a", "-e", nodes.sshCommand(node, knownHosts),
                SshNodes.USER + "@127.0.0.1:" + node.store().resolve(DAY.toString()) + "/", into + "/");
        assertThat(read.exitCode()).isNotZero();
        assertThat(read.stdout()).contains("rsync server mode is off on this node");
        assertThat(into.resolve(smallFile())).doesNotExist();
    }
}
