package io.kaizen.backup.remote.agent;

import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.store.Snapshot;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * One entry of a snapshot's listing, as the agent sends it: type, path (bytes, relative to the snapshot), mode
 * bits, numeric owner, mtime; for a regular file its size and, if it is a further name of a file listed earlier
 * in this snapshot, that earlier name; for a symlink its target (never followed); for a device its number.
 */
public record RemoteEntry(Type type, byte[] path, int mode, int uid, int gid, long mtimeSeconds, int mtimeNanos,
                          long size, byte[] hardLinkTo, byte[] symlinkTarget, long device) {
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

    /** Writes the entry; without {@code specials} (protocol 1 listings) a fifo, device or socket goes as OTHER. */
    void write(DataOutputStream out, boolean specials) throws IOException {
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
    }

    static void writeEnd(DataOutputStream out) throws IOException {
        out.writeByte(0);
    }

    /**
     * Reads one entry, or empty at the end of the list. Every field from the peer is checked here: known type,
     * valid relative path, mode within 07777, size not negative, hard-link name valid and earlier than this one,
     * symlink target not empty, without NUL and within PATH_MAX; fifos, devices and sockets only when
     * {@code specials} (a listing of {@link AgentProtocol#OP_ENTRIES_SPECIALS}).
     */
    static Optional<RemoteEntry> read(DataInputStream in, boolean specials) throws IOException {
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
        return Optional.of(new RemoteEntry(type, path, mode, uid, gid, seconds, nanos, size, link, target, device));
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
