package io.kaizen.backup.remote.agent;

import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.Xattrs;
import io.kaizen.backup.store.Snapshot;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One entry of a snapshot's listing, as the agent sends it: type, path (bytes, relative to the snapshot), mode
 * bits, numeric owner, mtime; for a regular file its size and, if it is a further name of a file listed earlier
 * in this snapshot, that earlier name; for a symlink its target (never followed); for a device its number; its
 * extended attributes (POSIX ACLs included; none in listings that do not carry them).
 */
public record RemoteEntry(Type type, byte[] path, int mode, int uid, int gid, long mtimeSeconds, int mtimeNanos,
                          long size, byte[] hardLinkTo, byte[] symlinkTarget, long device, Xattrs xattrs) {
    /** The three forms of an entry list, by the op that asked for it. */
    public enum Listing {
        /** {@link AgentProtocol#OP_ENTRIES}: fifos, devices and sockets as OTHER, no attributes. */
        PLAIN,
        /** {@link AgentProtocol#OP_ENTRIES_SPECIALS}: fifos, devices and sockets told apart. */
        SPECIALS,
        /** {@link AgentProtocol#OP_ENTRIES_XATTRS}: as SPECIALS, each entry followed by its extended attributes. */
        XATTRS;

        boolean specials() {
            return this != PLAIN;
        }
    }

    public RemoteEntry {
        xattrs = xattrs == null ? Xattrs.NONE : xattrs;
    }

    /** An entry without extended attributes. */
    public RemoteEntry(Type type, byte[] path, int mode, int uid, int gid, long mtimeSeconds, int mtimeNanos,
                       long size, byte[] hardLinkTo, byte[] symlinkTarget, long device) {
        this(type, path, mode, uid, gid, mtimeSeconds, mtimeNanos, size, hardLinkTo, symlinkTarget, device, Xattrs.NONE);
    }
    /**
     * Entry types. OTHER is a device, fifo or socket in a listing of {@link AgentProtocol#OP_ENTRIES}; a listing of
     * {@link AgentProtocol#OP_ENTRIES_SPECIALS} tells them apart instead.
     */
    public enum Type {
        DIRECTORY('d'), FILE('f'), SYMLINK('l'), OTHER('o'), FIFO('p'), CHARACTER_DEVICE('c'), BLOCK_DEVICE('b'),
        SOCKET('s');

        final byte code;

        Type(char code) {
            this.code = (byte) code;
        }

        /** A special told apart, which only a listing with specials holds. */
        boolean told() {
            return this == FIFO || this == CHARACTER_DEVICE || this == BLOCK_DEVICE || this == SOCKET;
        }

        static Optional<Type> of(byte code) {
            for (Type type : values()) {
                if (type.code == code) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    public String display() {
        return NativeNames.display(path);
    }

    public Optional<byte[]> hardLink() {
        return Optional.ofNullable(hardLinkTo);
    }

    /** Whether this is a fifo, device or socket (told apart or not). */
    private boolean isSpecial() {
        return type == Type.OTHER || type == Type.FIFO || type == Type.CHARACTER_DEVICE || type == Type.BLOCK_DEVICE
                || type == Type.SOCKET;
    }

    /** Writes the entry in the form of {@code listing}: a PLAIN listing sends a fifo, device or socket as OTHER. */
    void write(DataOutputStream out, Listing listing) throws IOException {
        boolean specials = listing.specials();
        out.writeByte(isSpecial() && !specials ? Type.OTHER.code : type.code);
        writeBytes(out, path);
        out.writeInt(mode);
        out.writeInt(uid);
        out.writeInt(gid);
        out.writeLong(mtimeSeconds);
        out.writeInt(mtimeNanos);
        if (type == Type.FILE) {
            out.writeLong(size);
            writeBytes(out, hardLinkTo == null ? new byte[0] : hardLinkTo);
        } else if (type == Type.SYMLINK) {
            writeBytes(out, symlinkTarget);
        } else if (specials && (type == Type.CHARACTER_DEVICE || type == Type.BLOCK_DEVICE)) {
            out.writeLong(device);
        }
        if (listing == Listing.XATTRS) {
            writeXattrs(out, xattrs);
        }
    }

    /**
     * An entry's extended attributes: u16 count, then per attribute a u8 name length, the name (ASCII), a u32 value
     * length and the value; names in order.
     */
    static void writeXattrs(DataOutputStream out, Xattrs xattrs) throws IOException {
        out.writeShort(xattrs.values().size());
        for (Map.Entry<String, byte[]> attribute : xattrs.values().entrySet()) {
            byte[] name = attribute.getKey().getBytes(StandardCharsets.ISO_8859_1);
            out.writeByte(name.length);
            out.write(name);
            out.writeInt(attribute.getValue().length);
            out.write(attribute.getValue());
        }
    }

    /**
     * Reads an entry's extended attributes, refusing (before allocating) more than {@link AgentProtocol#MAX_XATTRS}
     * of them, a name that is empty, not printable ASCII or outside the namespaces a copy keeps ({@code user.},
     * {@code trusted.}, {@code security.}, the two ACLs), names out of order or repeated, a value longer than
     * {@link AgentProtocol#MAX_XATTR_VALUE} and names and values of more than {@link AgentProtocol#MAX_XATTR_BYTES}
     * in all.
     */
    static Xattrs readXattrs(DataInputStream in, byte[] path) throws IOException {
        int count = in.readUnsignedShort();
        if (count == 0) {
            return Xattrs.NONE;
        }
        String entry = NativeNames.display(path);
        if (count > AgentProtocol.MAX_XATTRS) {
            throw AgentException.untrusted(entry + ": " + count + " extended attributes (limit "
                    + AgentProtocol.MAX_XATTRS + ")");
        }
        SortedMap<String, byte[]> values = new TreeMap<>();
        String last = null;
        long total = 0;
        for (int i = 0; i < count; i++) {
            byte[] nameBytes = new byte[in.readUnsignedByte()];
            in.readFully(nameBytes);
            String name = new String(nameBytes, StandardCharsets.ISO_8859_1);
            if (!validXattrName(nameBytes)) {
                throw AgentException.untrusted(entry + ": extended attribute name '" + NativeNames.display(nameBytes)
                        + "' refused: not printable ASCII in user., trusted., security. or an ACL");
            }
            if (last != null && last.compareTo(name) >= 0) {
                throw AgentException.untrusted(entry + ": extended attribute " + name + " out of order or repeated");
            }
            last = name;
            int length = in.readInt();
            total += nameBytes.length + (long) Math.max(length, 0);
            if (length < 0 || length > AgentProtocol.MAX_XATTR_VALUE) {
                throw AgentException.untrusted(entry + ": extended attribute " + name + " of " + Integer.toUnsignedLong(length)
                        + " bytes (limit " + AgentProtocol.MAX_XATTR_VALUE + ")");
            }
            if (total > AgentProtocol.MAX_XATTR_BYTES) {
                throw AgentException.untrusted(entry + ": extended attributes of more than "
                        + AgentProtocol.MAX_XATTR_BYTES + " bytes");
            }
            byte[] value = new byte[length];
            in.readFully(value);
            values.put(name, value);
        }
        return new Xattrs(values);
    }

    private static boolean validXattrName(byte[] name) {
        for (byte b : name) {
            if (b < 0x21 || b > 0x7e) {
                return false;
            }
        }
        String text = new String(name, StandardCharsets.US_ASCII);
        return text.equals(Xattrs.ACCESS_ACL) || text.equals(Xattrs.DEFAULT_ACL)
                || (text.startsWith("user.") && text.length() > 5) || (text.startsWith("trusted.") && text.length() > 8)
                || (text.startsWith("security.") && text.length() > 9);
    }

    static void writeEnd(DataOutputStream out) throws IOException {
        out.writeByte(0);
    }

    /**
     * Reads one entry, or empty at the end of the list. Every field from the peer is checked here: known type,
     * valid relative path, mode within 07777, size not negative, hard-link name valid and earlier than this one,
     * symlink target not empty, without NUL and within PATH_MAX; fifos, devices and sockets only in a listing that
     * tells them apart, and OTHER only in one that does not; extended attributes as {@link #readXattrs} checks them.
     */
    static Optional<RemoteEntry> read(DataInputStream in, Listing listing) throws IOException {
        boolean specials = listing.specials();
        byte code = in.readByte();
        if (code == 0) {
            return Optional.empty();
        }
        Type type = Type.of(code).filter(t -> specials ? t != Type.OTHER : !t.told())
                .orElseThrow(() -> AgentException.untrusted("unknown entry type " + code));
        byte[] path = requireEntryName(readBytes(in, "name"), "name");
        int mode = in.readInt();
        int uid = in.readInt();
        int gid = in.readInt();
        long seconds = in.readLong();
        int nanos = in.readInt();
        if ((mode & ~07777) != 0 || nanos < 0 || nanos > 999_999_999) {
            throw AgentException.untrusted(NativeNames.display(path) + ": bad mode or time");
        }
        long size = 0;
        long device = 0;
        byte[] link = null;
        byte[] target = null;
        if (type == Type.FILE) {
            size = in.readLong();
            if (size < 0) {
                throw AgentException.untrusted(NativeNames.display(path) + ": negative size " + size);
            }
            byte[] to = readBytes(in, "hard link");
            if (to.length > 0) {
                link = requireEntryName(to, "hard link target of " + NativeNames.display(path));
                if (NativeNames.TREE_ORDER.compare(link, path) >= 0) {
                    throw AgentException.untrusted(NativeNames.display(path) + ": hard link to a name not listed before it");
                }
            }
        } else if (type == Type.SYMLINK) {
            target = readBytes(in, "symlink target");
            if (target.length == 0 || indexOf(target, (byte) 0) >= 0) {
                throw AgentException.untrusted(NativeNames.display(path) + ": empty symlink target or one with NUL");
            }
        } else if (type == Type.CHARACTER_DEVICE || type == Type.BLOCK_DEVICE) {
            device = in.readLong();
        }
        Xattrs xattrs = listing == Listing.XATTRS ? readXattrs(in, path) : Xattrs.NONE;
        return Optional.of(new RemoteEntry(type, path, mode, uid, gid, seconds, nanos, size, link, target, device,
                xattrs));
    }

    static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        if (bytes.length > AgentProtocol.MAX_PATH) {
            throw new IOException("name longer than " + AgentProtocol.MAX_PATH + " bytes");
        }
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    static byte[] readBytes(DataInputStream in, String what) throws IOException {
        int length = in.readUnsignedShort();
        if (length > AgentProtocol.MAX_PATH) {
            throw AgentException.untrusted(what + " longer than " + AgentProtocol.MAX_PATH + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static byte[] requireEntryName(byte[] path, String what) {
        Snapshot.entryProblem(path).ifPresent(p -> {
            throw AgentException.untrusted(what + " '" + NativeNames.display(path) + "' refused: " + p);
        });
        return path;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
