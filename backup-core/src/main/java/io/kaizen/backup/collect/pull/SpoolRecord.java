package io.kaizen.backup.collect.pull;

import io.kaizen.backup.fs.Xattrs;
import io.kaizen.backup.remote.agent.RemoteEntry;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One line of the pull spool: an entry (already validated, extended attributes included), its provisional decision
 * and expected SHA-256.
 */
record SpoolRecord(RemoteEntry entry, byte decision, byte[] sha256) {
    static void write(DataOutputStream out, RemoteEntry e, byte decision, byte[] sha256) throws IOException {
        out.writeByte(decision);
        out.writeByte(e.type().ordinal());
        writeBytes(out, e.path());
        out.writeInt(e.mode());
        out.writeInt(e.uid());
        out.writeInt(e.gid());
        out.writeLong(e.mtimeSeconds());
        out.writeInt(e.mtimeNanos());
        out.writeLong(e.size());
        writeBytes(out, e.hardLinkTo() == null ? new byte[0] : e.hardLinkTo());
        writeBytes(out, e.symlinkTarget() == null ? new byte[0] : e.symlinkTarget());
        out.writeLong(e.device());
        out.write(sha256 == null ? new byte[32] : sha256);
        out.writeShort(e.xattrs().values().size());
        for (Map.Entry<String, byte[]> attribute : e.xattrs().values().entrySet()) {
            writeBytes(out, attribute.getKey().getBytes(StandardCharsets.ISO_8859_1));
            out.writeInt(attribute.getValue().length);
            out.write(attribute.getValue());
        }
    }

    static void writeEnd(DataOutputStream out) throws IOException {
        out.writeByte(0);
    }

    /** The next record, or empty at the end. The spool is our own file, written by {@link PullListing}. */
    static Optional<SpoolRecord> read(DataInputStream in) throws IOException {
        byte decision;
        try {
            decision = in.readByte();
        } catch (EOFException e) {
            throw new IOException("pull spool ends early", e);
        }
        if (decision == 0) {
            return Optional.empty();
        }
        RemoteEntry.Type type = RemoteEntry.Type.values()[in.readByte()];
        byte[] path = readBytes(in);
        int mode = in.readInt();
        int uid = in.readInt();
        int gid = in.readInt();
        long seconds = in.readLong();
        int nanos = in.readInt();
        long size = in.readLong();
        byte[] link = readBytes(in);
        byte[] target = readBytes(in);
        long device = in.readLong();
        byte[] sum = new byte[32];
        in.readFully(sum);
        int attributes = in.readUnsignedShort();
        Xattrs xattrs = Xattrs.NONE;
        if (attributes > 0) {
            SortedMap<String, byte[]> values = new TreeMap<>();
            for (int i = 0; i < attributes; i++) {
                String name = new String(readBytes(in), StandardCharsets.ISO_8859_1);
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                values.put(name, value);
            }
            xattrs = new Xattrs(values);
        }
        RemoteEntry entry = new RemoteEntry(type, path, mode, uid, gid, seconds, nanos, size,
                link.length == 0 ? null : link, target.length == 0 ? null : target, device, xattrs);
        return Optional.of(new SpoolRecord(entry, decision, sum));
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readUnsignedShort()];
        in.readFully(bytes);
        return bytes;
    }
}
