package io.kaizen.backup.offsite;

import io.kaizen.backup.fs.FileStat;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a snapshot's tree as tier 3 keeps it (docs/OFFSITE-FORMAT.md, "Trees"), and its encoding.
 *
 * @param path    relative to the snapshot's directory, '/'-separated, the name's exact bytes
 * @param linkTo  for a regular file that is a hard link to an earlier entry of the tree, that entry's ordinal
 *                (0-based, in tree order); -1 otherwise. A linked entry carries no content of its own
 * @param target  a symlink's target bytes (empty for other types)
 * @param device  a character or block device's number ({@code st_rdev}; 0 for other types)
 * @param content a regular file's blobs, in order (empty for other types and for links)
 */
record TreeRecord(byte[] path, FileStat.Type type, int mode, int uid, int gid, long mtimeNanos, long size,
                  int linkTo, byte[] target, long device, List<BlobId> content) {

    FileStat stat() {
        return new FileStat(type, mode, uid, gid, 1, size, mtimeNanos, null);
    }

    /** This record with a regular file's blobs. */
    TreeRecord withContent(List<BlobId> blobs) {
        return new TreeRecord(path, type, mode, uid, gid, mtimeNanos, size, linkTo, target, device, blobs);
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(path.length);
        out.write(path);
        out.writeByte(type.ordinal());
        out.writeInt(mode);
        out.writeInt(uid);
        out.writeInt(gid);
        out.writeLong(mtimeNanos);
        out.writeLong(size);
        out.writeInt(linkTo);
        out.writeInt(target.length);
        out.write(target);
        out.writeLong(device);
        out.writeInt(content.size());
        for (BlobId blob : content) {
            out.writeLong(blob.a());
            out.writeLong(blob.b());
            out.writeLong(blob.c());
            out.writeLong(blob.d());
        }
    }

    /** The next record, or null at the end of the stream. */
    static TreeRecord read(DataInputStream in) throws IOException {
        int pathLength;
        try {
            pathLength = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        byte[] path = bytes(in, pathLength);
        FileStat.Type type = FileStat.Type.values()[in.readUnsignedByte()];
        int mode = in.readInt();
        int uid = in.readInt();
        int gid = in.readInt();
        long mtime = in.readLong();
        long size = in.readLong();
        int linkTo = in.readInt();
        byte[] target = bytes(in, in.readInt());
        long device = in.readLong();
        int blobs = in.readInt();
        if (blobs < 0 || blobs > (1 << 24)) {
            throw new IOException("bad blob count " + blobs);
        }
        List<BlobId> content = new ArrayList<>(blobs);
        for (int i = 0; i < blobs; i++) {
            content.add(new BlobId(in.readLong(), in.readLong(), in.readLong(), in.readLong()));
        }
        return new TreeRecord(path, type, mode, uid, gid, mtime, size, linkTo, target, device, List.copyOf(content));
    }

    private static byte[] bytes(DataInputStream in, int length) throws IOException {
        if (length < 0 || length > (1 << 20)) {
            throw new IOException("bad length " + length);
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("the tree ends inside an entry");
        }
        return bytes;
    }
}
