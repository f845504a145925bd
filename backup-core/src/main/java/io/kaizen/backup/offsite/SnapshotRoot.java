package io.kaizen.backup.offsite;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot's root object (docs/OFFSITE-FORMAT.md, "Roots"): which node and date, the blobs of its tree in
 * order, and its counts. Written last: a snapshot exists at tier 3 exactly when its root does.
 */
record SnapshotRoot(String node, String date, List<BlobId> tree, long entries, long files, long bytes) {
    SnapshotRoot {
        tree = List.copyOf(tree);
    }

    byte[] encode() {
        byte[] nodeBytes = node.getBytes(StandardCharsets.UTF_8);
        byte[] dateBytes = date.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(4 + 2 + nodeBytes.length + 2 + dateBytes.length + 4
                + tree.size() * BlobId.BYTES + 24);
        out.putInt(Repository.VERSION);
        out.putShort((short) nodeBytes.length).put(nodeBytes);
        out.putShort((short) dateBytes.length).put(dateBytes);
        out.putInt(tree.size());
        tree.forEach(blob -> blob.write(out));
        out.putLong(entries).putLong(files).putLong(bytes);
        return out.array();
    }

    static SnapshotRoot decode(byte[] plaintext) {
        ByteBuffer in = ByteBuffer.wrap(plaintext);
        int version = in.getInt();
        if (version != Repository.VERSION) {
            throw new IllegalArgumentException("root of format version " + version);
        }
        byte[] node = new byte[in.getShort()];
        in.get(node);
        byte[] date = new byte[in.getShort()];
        in.get(date);
        int blobs = in.getInt();
        List<BlobId> tree = new ArrayList<>(blobs);
        for (int i = 0; i < blobs; i++) {
            tree.add(BlobId.read(in));
        }
        return new SnapshotRoot(new String(node, StandardCharsets.UTF_8), new String(date, StandardCharsets.US_ASCII),
                tree, in.getLong(), in.getLong(), in.getLong());
    }

    OffsiteSnapshot summary(String key) {
        return new OffsiteSnapshot(node, date, entries, files, bytes, key);
    }
}
