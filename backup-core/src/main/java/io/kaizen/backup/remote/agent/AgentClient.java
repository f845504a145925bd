package io.kaizen.backup.remote.agent;

import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.transfer.delta.DeltaWire;
import io.kaizen.backup.transfer.delta.Signature;
import io.kaizen.backup.transfer.delta.StrongHash;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.commons.io.output.CountingOutputStream;

/**
 * The collector side of the agent protocol. Simple requests ({@link #list()}, {@link #manifest}, {@link #sums},
 * {@link #entries}) are request-then-answer; file and delta requests are pipelined: one thread sends requests
 * ({@link #sendFile}, {@link #sendDelta}, {@link #flush()}), another reads the answers in the same order
 * ({@link #nextBody}). Everything read is bounded and checked; see the package documentation.
 */
public final class AgentClient {
    private final DataInputStream in;
    private final DataOutputStream out;
    private final BoundedInputStream received;
    private final CountingOutputStream sent;
    private final AtomicLong payloadReceived = new AtomicLong();
    private final Hello hello;

    /** Reads the agent's greeting; fails if it is not a kaizen agent of our protocol version. */
    public AgentClient(InputStream rawIn, OutputStream rawOut) throws IOException {
        this.received = BoundedInputStream.builder().setInputStream(rawIn).get();
        this.sent = new CountingOutputStream(rawOut);
        this.in = new DataInputStream(new BufferedInputStream(received, 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(sent, 1 << 16));
        this.hello = readHello();
    }

    private Hello readHello() throws IOException {
        Frames.Frame frame = Frames.read(in);
        if (frame.type() == AgentProtocol.ERROR) {
            throw new AgentException(AgentException.Kind.REFUSED, new String(frame.payload(), StandardCharsets.UTF_8));
        }
        if (frame.type() != AgentProtocol.HELLO) {
            throw AgentException.protocol("the node did not greet as a kaizen agent");
        }
        DataInputStream h = new DataInputStream(new ByteArrayInputStream(frame.payload()));
        if (!AgentProtocol.MAGIC.equals(h.readUTF())) {
            throw AgentException.protocol("the node did not greet as a kaizen agent");
        }
        int version = h.readInt();
        if (version != AgentProtocol.VERSION) {
            throw AgentException.protocol("the node's agent speaks protocol version " + version + ", we speak "
                    + AgentProtocol.VERSION + " (upgrade kaizen on one side)");
        }
        Instant nodeTime = Instant.ofEpochMilli(h.readLong());
        String host = h.readUTF();
        return new Hello(version, nodeTime, host, h.available() >= Integer.BYTES ? h.readInt() : 0);
    }

    public Hello hello() {
        return hello;
    }

    /** Bytes read from the node so far (agent protocol level, before SSH). */
    public long bytesReceived() {
        return received.getCount();
    }

    public long bytesSent() {
        return sent.getByteCount();
    }

    /** Payload bytes of the DATA frames read so far: what the node sent that carries data, frame headers aside. */
    public long payloadReceived() {
        return payloadReceived.get();
    }

    private Frames.BodyInput body(String what) {
        return new Frames.BodyInput(in, what, payloadReceived);
    }

    /** The node's complete snapshots, as it lists them. */
    public List<SnapshotInfo> list() throws IOException {
        request(AgentProtocol.OP_LIST, null, null);
        out.flush();
        Frames.BodyInput body = body("list");
        DataInputStream data = new DataInputStream(body);
        int count = data.readInt();
        if (count < 0 || count > AgentProtocol.MAX_SNAPSHOTS) {
            throw AgentException.untrusted("list of " + count + " snapshots");
        }
        List<SnapshotInfo> snapshots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = data.readUTF();
            String status = data.readUTF();
            long finished = data.readLong();
            SnapshotName parsed = SnapshotName.tryParse(name)
                    .orElseThrow(() -> AgentException.untrusted("listed snapshot name '" + name + "' is not a date"));
            RunStatus runStatus;
            try {
                runStatus = RunStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw AgentException.untrusted("snapshot " + name + " has unknown status '" + status + "'");
            }
            snapshots.add(new SnapshotInfo(parsed, runStatus, Instant.ofEpochMilli(finished)));
        }
        body.drain(0);
        return snapshots;
    }

    /** The raw bytes of a snapshot's manifest.json (at most 1 MiB). */
    public byte[] manifest(SnapshotName name) throws IOException {
        request(AgentProtocol.OP_MANIFEST, ascii(name), null);
        out.flush();
        Frames.BodyInput body = body("manifest of " + name);
        byte[] bytes = body.readNBytes(AgentProtocol.MAX_MANIFEST + 1);
        if (bytes.length > AgentProtocol.MAX_MANIFEST) {
            throw AgentException.untrusted("manifest of " + name + " is larger than " + AgentProtocol.MAX_MANIFEST + " bytes");
        }
        body.drain(0);
        return bytes;
    }

    /** Copies a snapshot's SHA256SUMS to {@code to}; fails past {@code maxBytes}. Returns the bytes copied. */
    public long sums(SnapshotName name, OutputStream to, long maxBytes) throws IOException {
        request(AgentProtocol.OP_SUMS, ascii(name), null);
        out.flush();
        Frames.BodyInput body = body("sums of " + name);
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = body.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw AgentException.untrusted("SHA256SUMS of " + name + " is larger than the manifest allows ("
                        + maxBytes + " bytes)");
            }
            to.write(buffer, 0, n);
        }
        return total;
    }

    /** Whether the agent's listings carry each entry's extended attributes and ACLs (its HELLO lists them). */
    public boolean carriesXattrs() {
        return (hello.features() & AgentProtocol.FEATURE_XATTRS) != 0;
    }

    /**
     * Starts reading a snapshot's entry list; read it to its end before any other request. Fifos, devices and
     * sockets come told apart when the agent can (else as OTHER), with extended attributes when it carries them.
     */
    public EntryList entries(SnapshotName name) throws IOException {
        RemoteEntry.Listing listing = carriesXattrs() ? RemoteEntry.Listing.XATTRS
                : (hello.features() & AgentProtocol.FEATURE_SPECIALS) != 0 ? RemoteEntry.Listing.SPECIALS
                : RemoteEntry.Listing.PLAIN;
        byte op = switch (listing) {
            case XATTRS -> AgentProtocol.OP_ENTRIES_XATTRS;
            case SPECIALS -> AgentProtocol.OP_ENTRIES_SPECIALS;
            case PLAIN -> AgentProtocol.OP_ENTRIES;
        };
        request(op, ascii(name), null);
        out.flush();
        return new EntryList(body("entries of " + name), listing);
    }

    /** Asks for a file's content (pipelined: not flushed). */
    public void sendFile(SnapshotName name, byte[] path) throws IOException {
        request(AgentProtocol.OP_FILE, ascii(name), path);
    }

    /** The strong block hash of the signatures this agent takes: XXH64 where its HELLO lists it, else MD5. */
    public StrongHash deltaHash() {
        return (hello.features() & AgentProtocol.FEATURE_XXH64) != 0 ? StrongHash.XXH64 : StrongHash.MD5;
    }

    /**
     * Asks for a delta of a file against {@code signature} of our old copy (pipelined: not flushed); the signature's
     * strong hash must be {@link #deltaHash()}.
     */
    public void sendDelta(SnapshotName name, byte[] path, Signature signature) throws IOException {
        request(signature.hash() == StrongHash.XXH64 ? AgentProtocol.OP_DELTA_XXH64 : AgentProtocol.OP_DELTA,
                ascii(name), path);
        Frames.BodyOutput body = new Frames.BodyOutput(out);
        DataOutputStream data = new DataOutputStream(body);
        DeltaWire.writeSignature(signature, data);
        data.flush();
        body.close();
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** The body of the next answer, in request order. Read it to its end (or fail) before the next. */
    public Body nextBody(String what) {
        return new Body(body(what));
    }

    /** Ends the session politely. */
    public void bye() throws IOException {
        request(AgentProtocol.OP_BYE, null, null);
        out.flush();
    }

    private void request(byte op, byte[] name, byte[] path) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream(64 + (path == null ? 0 : path.length));
        DataOutputStream p = new DataOutputStream(payload);
        p.writeByte(op);
        if (name != null) {
            RemoteEntry.writeBytes(p, name);
        }
        if (path != null) {
            RemoteEntry.writeBytes(p, path);
        }
        Frames.write(out, AgentProtocol.REQUEST, payload.toByteArray());
    }

    private static byte[] ascii(SnapshotName name) {
        return name.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** An answer's body. */
    public static final class Body extends InputStream {
        private final Frames.BodyInput input;

        Body(Frames.BodyInput input) {
            this.input = input;
        }

        @Override
        public int read() throws IOException {
            return input.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return input.read(b, off, len);
        }

        /** Reads to the end of the body; fails if more than {@code limit} bytes were left. */
        public void finish(long limit) throws IOException {
            input.drain(limit);
        }

        public long bytesSoFar() {
            return input.total();
        }
    }

    /** A snapshot's entries as they arrive; each is validated on reading. */
    public static final class EntryList {
        private final Frames.BodyInput body;
        private final DataInputStream data;
        private final RemoteEntry.Listing listing;
        private boolean done;

        EntryList(Frames.BodyInput body, RemoteEntry.Listing listing) {
            this.body = body;
            this.data = new DataInputStream(body);
            this.listing = listing;
        }

        /** The next entry, or empty at the end of the list. */
        public Optional<RemoteEntry> next() throws IOException {
            if (done) {
                return Optional.empty();
            }
            Optional<RemoteEntry> entry = RemoteEntry.read(data, listing);
            if (entry.isEmpty()) {
                done = true;
                body.drain(0);
            }
            return entry;
        }
    }
}
