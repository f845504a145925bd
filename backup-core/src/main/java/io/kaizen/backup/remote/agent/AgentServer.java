package io.kaizen.backup.remote.agent;

import io.kaizen.backup.fs.ExtendedAttributes;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.TreeEntry;
import io.kaizen.backup.fs.TreeWalker;
import io.kaizen.backup.fs.Xattrs;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.transfer.delta.DeltaEncoder;
import io.kaizen.backup.transfer.delta.DeltaWire;
import io.kaizen.backup.transfer.delta.Signature;
import io.kaizen.backup.transfer.delta.StrongHash;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The node side of the agent protocol: serves one store, read-only, to one client over a pair of streams.
 * Only complete snapshots are served; a requested path must be a valid relative name whose parents are real
 * directories inside the snapshot, and the file itself is opened without following a symlink. A bad request
 * gets an ERROR frame and the session goes on; a broken frame ends it.
 */
public final class AgentServer {
    /** Hard-link detection remembers at most this many multiply-linked inodes per listing. */
    static final int MAX_TRACKED_INODES = 4_000_000;
    private static final long MAX_SIGNATURE_BODY = 512L << 20;
    /** The basis of a delta that sends the whole file as literal data. */
    private static final Signature NO_BASIS = new Signature(0, Signature.blockSizeFor(0), StrongHash.MD5, new int[0],
            new byte[0]);

    private final SnapshotStore store;
    private final Clock clock;
    private final String host;
    private final Map<String, Snapshot> snapshots = new HashMap<>();

    public AgentServer(SnapshotStore store, Clock clock, String host) {
        this.store = store;
        this.clock = clock;
        this.host = host;
    }

    /** Serves requests until the client says goodbye or closes its end. */
    public void serve(InputStream rawIn, OutputStream rawOut) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(rawIn, 1 << 16));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(rawOut, 1 << 18));
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(hello);
        h.writeUTF(AgentProtocol.MAGIC);
        h.writeInt(AgentProtocol.VERSION);
        h.writeLong(clock.millis());
        h.writeUTF(host);
        h.writeInt(AgentProtocol.FEATURES);
        Frames.write(out, AgentProtocol.HELLO, hello.toByteArray());
        out.flush();
        while (true) {
            Frames.Frame frame;
            try {
                frame = Frames.read(in);
            } catch (EOFException e) {
                return;
            }
            if (frame.type() != AgentProtocol.REQUEST || frame.payload().length < 1) {
                Frames.error(out, "expected a request");
                out.flush();
                return;
            }
            DataInputStream request = new DataInputStream(new ByteArrayInputStream(frame.payload()));
            byte op = request.readByte();
            if (op == AgentProtocol.OP_BYE) {
                out.flush();
                return;
            }
            byte[] name = op == AgentProtocol.OP_LIST ? new byte[0] : RemoteEntry.readBytes(request, "snapshot");
            boolean delta = op == AgentProtocol.OP_DELTA || op == AgentProtocol.OP_DELTA_XXH64;
            byte[] path = op == AgentProtocol.OP_FILE || delta ? RemoteEntry.readBytes(request, "path") : new byte[0];
            Signature signature = null;
            String signatureProblem = null;
            if (delta) {
                Frames.BodyInput body = new Frames.BodyInput(in, "signature");
                try {
                    long size = Files.size(regularFile(snapshot(name), path));
                    StrongHash hash = op == AgentProtocol.OP_DELTA_XXH64 ? StrongHash.XXH64 : StrongHash.MD5;
                    signature = DeltaWire.readSignature(new DataInputStream(body), usefulBasis(size), hash)
                            .orElse(NO_BASIS);
                } catch (Refusal e) {
                    signatureProblem = e.getMessage();
                } catch (IOException | RuntimeException e) {
                    signatureProblem = "bad signature: " + e.getMessage();
                }
                body.drain(MAX_SIGNATURE_BODY);
            }
            Frames.BodyOutput body = new Frames.BodyOutput(out);
            try {
                if (signatureProblem != null) {
                    throw new Refusal(signatureProblem);
                }
                answer(op, name, path, signature, body);
                body.close();
            } catch (Refusal | IOException | UncheckedIOException e) {
                body.discard();
                Frames.error(out, e.getMessage() == null ? e.toString() : e.getMessage());
            }
            if (in.available() == 0) {
                out.flush();
            }
        }
    }

    /**
     * The longest old copy whose signature the agent keeps for a file of {@code size} bytes: twice the file plus
     * 1 MiB. A signature of a longer one is skipped unread and the delta is the whole file as literal data, so
     * what a signature costs the node is bounded by the real file, whatever its header claims.
     */
    static long usefulBasis(long size) {
        return 2 * size + (1 << 20);
    }

    private void answer(byte op, byte[] name, byte[] path, Signature signature, OutputStream body) throws IOException {
        switch (op) {
            case AgentProtocol.OP_LIST -> list(body);
            case AgentProtocol.OP_MANIFEST -> copy(snapshot(name).manifestFile(), body);
            case AgentProtocol.OP_SUMS -> copy(snapshot(name).sumsFile(), body);
            case AgentProtocol.OP_ENTRIES -> entries(snapshot(name), body, RemoteEntry.Listing.PLAIN);
            case AgentProtocol.OP_ENTRIES_SPECIALS -> entries(snapshot(name), body, RemoteEntry.Listing.SPECIALS);
            case AgentProtocol.OP_ENTRIES_XATTRS -> entries(snapshot(name), body, RemoteEntry.Listing.XATTRS);
            case AgentProtocol.OP_FILE -> copy(regularFile(snapshot(name), path), body);
            case AgentProtocol.OP_DELTA, AgentProtocol.OP_DELTA_XXH64 ->
                    delta(regularFile(snapshot(name), path), signature, body);
            default -> throw new Refusal("unknown request " + op + " (this agent is read-only)");
        }
    }

    private void list(OutputStream body) throws IOException {
        List<Snapshot> all = store.snapshots();
        DataOutputStream out = new DataOutputStream(body);
        out.writeInt(all.size());
        for (Snapshot s : all) {
            out.writeUTF(s.name().toString());
            out.writeUTF(s.manifest().status().label());
            out.writeLong(s.manifest().finished() == null ? 0 : s.manifest().finished().toEpochMilli());
        }
        out.flush();
    }

    private Snapshot snapshot(byte[] nameBytes) {
        String name = new String(nameBytes, StandardCharsets.US_ASCII);
        Optional<SnapshotName> parsed = SnapshotName.tryParse(name);
        if (parsed.isEmpty()) {
            throw new Refusal("'" + NativeNames.display(nameBytes) + "' is not a snapshot name");
        }
        Snapshot known = snapshots.get(name);
        if (known != null && Files.isDirectory(known.dir(), LinkOption.NOFOLLOW_LINKS)) {
            return known;
        }
        Snapshot found = store.snapshots().stream().filter(s -> s.name().equals(parsed.get())
                        && s.dir().getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new Refusal("no complete snapshot " + name + " in this store"));
        snapshots.put(name, found);
        return found;
    }

    /** The regular file at {@code relative} in {@code snapshot}, refusing bad names and symlinked parents. */
    static Path regularFile(Snapshot snapshot, byte[] relative) throws IOException {
        if (Snapshot.entryProblem(relative).isPresent()) {
            throw new Refusal("path '" + NativeNames.display(relative) + "' refused: " + Snapshot.entryProblem(relative).get());
        }
        Path dir = snapshot.dir();
        int start = 0;
        for (int i = 0; i < relative.length; i++) {
            if (relative[i] == '/') {
                Path parent = NativeNames.resolve(dir, java.util.Arrays.copyOf(relative, i));
                if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
                    throw new Refusal("path '" + NativeNames.display(relative) + "' refused: a parent is not a directory");
                }
                start = i + 1;
            }
        }
        Path file = NativeNames.resolve(dir, relative);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Refusal("no file '" + NativeNames.display(relative) + "' in snapshot " + snapshot.name());
        }
        if (!attributes.isRegularFile()) {
            throw new Refusal("'" + NativeNames.display(relative) + "' is not a regular file");
        }
        return file;
    }

    private static void copy(Path file, OutputStream body) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            in.transferTo(body);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Refusal("no such file: " + NativeNames.display(file));
        }
    }

    private static void delta(Path file, Signature signature, OutputStream body) throws IOException {
        DataOutputStream out = new DataOutputStream(body);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            DeltaEncoder.encode(signature, in, in.size(), DeltaWire.writer(out));
        }
    }

    /**
     * Lists a snapshot in the form {@code listing} asks for; with extended attributes, each entry's as this process
     * reads them, without following a symlink (as root, every namespace a copy keeps).
     */
    private static void entries(Snapshot snapshot, OutputStream body, RemoteEntry.Listing listing) throws IOException {
        DataOutputStream out = new DataOutputStream(body);
        ExtendedAttributes reader = listing == RemoteEntry.Listing.XATTRS ? ExtendedAttributes.forThisProcess() : null;
        Map<Object, byte[]> firstNames = new HashMap<>();
        TreeWalker walker = TreeWalker.walk(snapshot.dir(), Set.of(Snapshot.META_DIR));
        while (walker.hasNext()) {
            TreeEntry entry = walker.next();
            BasicFileAttributes basic = entry.attributes();
            Map<String, Object> unix = Files.readAttributes(entry.path(), "unix:mode,uid,gid,nlink",
                    LinkOption.NOFOLLOW_LINKS);
            FileTime mtime = basic.lastModifiedTime();
            RemoteEntry.Type type = basic.isDirectory() ? RemoteEntry.Type.DIRECTORY
                    : basic.isSymbolicLink() ? RemoteEntry.Type.SYMLINK
                    : basic.isRegularFile() ? RemoteEntry.Type.FILE : special((int) unix.get("mode"));
            long device = type == RemoteEntry.Type.CHARACTER_DEVICE || type == RemoteEntry.Type.BLOCK_DEVICE
                    ? (long) Files.getAttribute(entry.path(), "unix:rdev", LinkOption.NOFOLLOW_LINKS) : 0;
            byte[] hardLink = null;
            byte[] target = null;
            if (type == RemoteEntry.Type.FILE && (int) unix.get("nlink") > 1) {
                byte[] first = firstNames.get(basic.fileKey());
                if (first != null) {
                    hardLink = first;
                } else if (firstNames.size() < MAX_TRACKED_INODES) {
                    firstNames.put(basic.fileKey(), entry.relative());
                }
            } else if (type == RemoteEntry.Type.SYMLINK) {
                target = NativeNames.bytes(Files.readSymbolicLink(entry.path()));
            }
            new RemoteEntry(type, entry.relative(), (int) unix.get("mode") & 07777, (int) unix.get("uid"),
                    (int) unix.get("gid"), mtime.toInstant().getEpochSecond(), mtime.toInstant().getNano(),
                    type == RemoteEntry.Type.FILE ? basic.size() : 0, hardLink, target, device,
                    reader == null ? Xattrs.NONE : reader.read(entry.path())).write(out, listing);
        }
        RemoteEntry.writeEnd(out);
        out.flush();
    }

    /** The type of a special file from its {@code st_mode}. */
    private static RemoteEntry.Type special(int mode) {
        return switch (mode & 0170000) {
            case 0010000 -> RemoteEntry.Type.FIFO;
            case 0020000 -> RemoteEntry.Type.CHARACTER_DEVICE;
            case 0060000 -> RemoteEntry.Type.BLOCK_DEVICE;
            default -> RemoteEntry.Type.SOCKET;
        };
    }

    /** A request this agent will not serve; the message goes back to the client. */
    static final class Refusal extends RuntimeException {
        Refusal(String message) {
            super(message);
        }
    }
}
