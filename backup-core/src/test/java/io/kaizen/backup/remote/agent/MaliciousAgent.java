package io.kaizen.backup.remote.agent;

import io.kaizen.backup.store.SumsFile;
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
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A test double of a node's agent that speaks the protocol correctly but lies: it offers one snapshot whose
 * entries, manifest counts, sums and file contents are whatever a test scripts, including names with '..',
 * absolute names, files below symlinks, sizes it never sends, lists that never end, or silence; or that attacks
 * the collector's resources: a SHA256SUMS of one endless line, a stream of empty frames, a trickle of data.
 */
public final class MaliciousAgent implements LoopbackAgents.Peer {
    public static final String SNAPSHOT = "2026-11-24";

    /** A scripted entry and the content the double sends for it. */
    public record Item(RemoteEntry.Type type, byte[] path, long size, byte[] content, byte[] symlinkTarget) {
        public static Item file(String path, String content) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            return new Item(RemoteEntry.Type.FILE, path.getBytes(StandardCharsets.UTF_8), bytes.length, bytes, null);
        }

        public static Item dir(String path) {
            return new Item(RemoteEntry.Type.DIRECTORY, path.getBytes(StandardCharsets.UTF_8), 0, null, null);
        }

        public static Item symlink(String path, String target) {
            return new Item(RemoteEntry.Type.SYMLINK, path.getBytes(StandardCharsets.UTF_8), 0, null,
                    target.getBytes(StandardCharsets.UTF_8));
        }

        /** A file that claims {@code size} bytes but whose content is {@code sent}. */
        public static Item claiming(String path, long size, String sent) {
            return new Item(RemoteEntry.Type.FILE, path.getBytes(StandardCharsets.UTF_8), size,
                    sent.getBytes(StandardCharsets.UTF_8), null);
        }
    }

    private final List<Item> items;
    private final boolean endlessList;
    private final boolean hangAfterHello;
    private long claimedFiles = -1;
    private long claimedBytes = -1;
    private long sumsLine;
    private Trickle trickle;
    private byte[] rawXattrs;

    /** How the double answers LIST when it attacks with frames: empty ones, or one byte every 200 ms. */
    private enum Trickle { EMPTY_FRAMES, ONE_BYTE }

    private MaliciousAgent(List<Item> items, boolean endlessList, boolean hangAfterHello) {
        this.items = List.copyOf(items);
        this.endlessList = endlessList;
        this.hangAfterHello = hangAfterHello;
    }

    public static MaliciousAgent listing(Item... items) {
        return new MaliciousAgent(List.of(items), false, false);
    }

    /** Lists entries forever, its manifest claiming {@code claimedFiles} files. */
    public static MaliciousAgent endless(long claimedFiles) {
        MaliciousAgent agent = new MaliciousAgent(List.of(), true, false);
        agent.claimedFiles = claimedFiles;
        agent.claimedBytes = 0;
        return agent;
    }

    /** Greets, then never answers. */
    public static MaliciousAgent silent() {
        return new MaliciousAgent(List.of(), false, true);
    }

    /**
     * Serves one snapshot whose SHA256SUMS is a single line of {@code bytes} bytes without a newline, streamed, with
     * the matching hash in its manifest and enough files claimed for the sums to fit the collector's size bound.
     */
    public static MaliciousAgent sumsOfOneLine(long bytes) {
        MaliciousAgent agent = new MaliciousAgent(List.of(), false, false);
        agent.sumsLine = bytes;
        agent.claimedFiles = bytes / SumsFile.MAX_LINE + 1;
        agent.claimedBytes = 0;
        return agent;
    }

    /** Answers LIST with empty DATA frames, forever. */
    public static MaliciousAgent emptyFrames() {
        MaliciousAgent agent = new MaliciousAgent(List.of(), false, false);
        agent.trickle = Trickle.EMPTY_FRAMES;
        return agent;
    }

    /** Answers LIST with a listing that never ends, one byte of it every 200 ms. */
    public static MaliciousAgent trickling() {
        MaliciousAgent agent = new MaliciousAgent(List.of(), false, false);
        agent.trickle = Trickle.ONE_BYTE;
        return agent;
    }

    /**
     * Greets with the extended attributes feature and answers the entry list with attributes, sending {@code raw}
     * as the attributes of every file (and none for other entries).
     */
    public MaliciousAgent withRawXattrs(byte[] raw) {
        this.rawXattrs = raw.clone();
        return this;
    }

    /** Overrides the counts the manifest claims. */
    public MaliciousAgent claiming(long files, long bytes) {
        this.claimedFiles = files;
        this.claimedBytes = bytes;
        return this;
    }

    @Override
    public void serve(InputStream rawIn, OutputStream rawOut) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(rawIn));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(rawOut));
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(hello);
        h.writeUTF(AgentProtocol.MAGIC);
        h.writeInt(AgentProtocol.VERSION);
        h.writeLong(Instant.parse(SNAPSHOT + "T06:00:00Z").toEpochMilli());
        h.writeUTF("evil");
        if (rawXattrs != null) {
            h.writeInt(AgentProtocol.FEATURE_SPECIALS | AgentProtocol.FEATURE_XATTRS);
        }
        Frames.write(out, AgentProtocol.HELLO, hello.toByteArray());
        out.flush();
        if (hangAfterHello) {
            try {
                Thread.sleep(600_000);
            } catch (InterruptedException e) {
                return;
            }
        }
        byte[] sums = sums();
        byte[] sumsSha256 = sumsLine > 0 ? streamSums(OutputStream.nullOutputStream()) : sha256(sums);
        while (true) {
            Frames.Frame frame = Frames.read(in);
            DataInputStream request = new DataInputStream(new ByteArrayInputStream(frame.payload()));
            byte op = request.readByte();
            if (op == AgentProtocol.OP_BYE) {
                return;
            }
            byte[] path = new byte[0];
            if (op != AgentProtocol.OP_LIST) {
                RemoteEntry.readBytes(request, "name");
            }
            if (op == AgentProtocol.OP_FILE || op == AgentProtocol.OP_DELTA) {
                path = RemoteEntry.readBytes(request, "path");
            }
            Frames.BodyOutput body = new Frames.BodyOutput(out);
            DataOutputStream data = new DataOutputStream(body);
            if (op == AgentProtocol.OP_LIST && trickle != null) {
                trickle(out);
                return;
            }
            switch (op) {
                case AgentProtocol.OP_LIST -> {
                    data.writeInt(1);
                    data.writeUTF(SNAPSHOT);
                    data.writeUTF("succeeded");
                    data.writeLong(Instant.parse(SNAPSHOT + "T02:31:00Z").toEpochMilli());
                }
                case AgentProtocol.OP_MANIFEST -> data.write(manifest(sumsSha256));
                case AgentProtocol.OP_SUMS -> {
                    if (sumsLine > 0) {
                        streamSums(data);
                    } else {
                        data.write(sums);
                    }
                }
                case AgentProtocol.OP_ENTRIES -> {
                    if (endlessList) {
                        for (long i = 0; ; i++) {
                            entry(Item.dir(String.format("d%012d", i))).write(data, RemoteEntry.Listing.PLAIN);
                        }
                    }
                    for (Item item : items) {
                        entry(item).write(data, RemoteEntry.Listing.PLAIN);
                    }
                    RemoteEntry.writeEnd(data);
                }
                case AgentProtocol.OP_ENTRIES_XATTRS -> {
                    for (Item item : items) {
                        entry(item).write(data, RemoteEntry.Listing.SPECIALS);
                        if (item.type() == RemoteEntry.Type.FILE) {
                            data.write(rawXattrs);
                        } else {
                            data.writeShort(0);
                        }
                    }
                    RemoteEntry.writeEnd(data);
                }
                case AgentProtocol.OP_FILE -> {
                    for (Item item : items) {
                        if (java.util.Arrays.equals(item.path(), path) && item.content() != null) {
                            data.write(item.content());
                        }
                    }
                }
                default -> {
                }
            }
            data.flush();
            body.close();
            out.flush();
        }
    }

    private static RemoteEntry entry(Item item) {
        return new RemoteEntry(item.type(), item.path(), item.type() == RemoteEntry.Type.DIRECTORY ? 0755 : 0644,
                0, 0, 1_700_000_000L, 0, item.size(), null, item.symlinkTarget(), 0);
    }

    private byte[] sums() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Item item : items) {
            if (item.type() == RemoteEntry.Type.FILE) {
                out.write(SumsFile.format(new SumsFile.Line(item.path(), sha256(item.content()))));
            }
        }
        return out.toByteArray();
    }

    /** Writes the one-line sums to {@code out} in pieces, never holding it; returns its SHA-256. */
    private byte[] streamSums(OutputStream out) throws IOException {
        MessageDigest digest = sha256();
        byte[] chunk = new byte[1 << 16];
        java.util.Arrays.fill(chunk, (byte) 'a');
        for (long left = sumsLine; left > 0; left -= chunk.length) {
            int n = (int) Math.min(chunk.length, left);
            digest.update(chunk, 0, n);
            out.write(chunk, 0, n);
        }
        return digest.digest();
    }

    private void trickle(DataOutputStream out) throws IOException {
        if (trickle == Trickle.ONE_BYTE) {
            // one snapshot whose name claims 65535 bytes, then sent a byte at a time
            Frames.write(out, AgentProtocol.DATA, new byte[] {0, 0, 0, 1, (byte) 0xff, (byte) 0xff});
        }
        while (true) {
            Frames.write(out, AgentProtocol.DATA, trickle == Trickle.ONE_BYTE ? new byte[] {'a'} : new byte[0]);
            out.flush();
            try {
                Thread.sleep(trickle == Trickle.ONE_BYTE ? 200 : 1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private byte[] manifest(byte[] sumsSha256) {
        long files = items.stream().filter(i -> i.type() == RemoteEntry.Type.FILE).count();
        long dirs = items.stream().filter(i -> i.type() == RemoteEntry.Type.DIRECTORY).count();
        long links = items.stream().filter(i -> i.type() == RemoteEntry.Type.SYMLINK).count();
        long bytes = items.stream().filter(i -> i.type() == RemoteEntry.Type.FILE).mapToLong(Item::size).sum();
        String json = "{\"formatVersion\":1,\"host\":\"evil\",\"snapshot\":\"" + SNAPSHOT + "\","
                + "\"started\":\"" + SNAPSHOT + "T02:30:00Z\",\"finished\":\"" + SNAPSHOT + "T02:31:00Z\","
                + "\"toolVersion\":\"0.1.0\",\"engine\":\"rsync\",\"status\":\"succeeded\",\"sources\":[],"
                + "\"counts\":{\"files\":" + (claimedFiles >= 0 ? claimedFiles : files) + ",\"dirs\":" + dirs
                + ",\"symlinks\":" + links + ",\"others\":0,\"bytes\":" + (claimedBytes >= 0 ? claimedBytes : bytes)
                + ",\"filesCopied\":0,\"filesLinked\":0,\"bytesCopied\":0},\"warnings\":[],"
                + "\"sumsSha256\":\"" + HexFormat.of().formatHex(sumsSha256) + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] data) {
        return sha256().digest(data == null ? new byte[0] : data);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Items as a list, for building scripts. */
    public static List<Item> items(Item... items) {
        return new ArrayList<>(List.of(items));
    }
}
