package io.kaizen.backup.offsite;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * A pack object (docs/OFFSITE-FORMAT.md, "Packs"): sealed blobs back to back, then the sealed header listing
 * them, then the header's length (4 bytes, big-endian). A pack describes itself, so an index lost to a crash is
 * rebuilt from the packs' headers.
 */
final class Pack {
    /** Packs are cut once they hold this much. */
    static final int TARGET_SIZE = 16 << 20;
    private static final byte[] HEADER_CONTEXT = "kaizen pack header v1".getBytes(StandardCharsets.US_ASCII);
    private static final int ENTRY_BYTES = BlobId.BYTES + 4 + 4;

    /** One blob of a pack: its id, where its sealed bytes start and how many there are. */
    record Entry(BlobId id, int offset, int length) {
    }

    private Pack() {
    }

    /** Collects sealed blobs until the pack is cut. */
    static final class Builder {
        private final List<byte[]> blobs = new ArrayList<>();
        private final List<Entry> entries = new ArrayList<>();
        private int size;

        void add(BlobId id, byte[] sealed) {
            entries.add(new Entry(id, size, sealed.length));
            blobs.add(sealed);
            size += sealed.length;
        }

        int size() {
            return size;
        }

        boolean isEmpty() {
            return entries.isEmpty();
        }

        List<Entry> entries() {
            return List.copyOf(entries);
        }

        /** The pack's bytes: the blobs, the sealed header, its length. */
        byte[] finish(OffsiteKeys keys) {
            ByteBuffer header = ByteBuffer.allocate(4 + entries.size() * ENTRY_BYTES);
            header.putInt(entries.size());
            for (Entry entry : entries) {
                entry.id().write(header);
                header.putInt(entry.offset()).putInt(entry.length());
            }
            byte[] sealed = keys.seal(header.array(), HEADER_CONTEXT);
            ByteBuffer pack = ByteBuffer.allocate(size + sealed.length + 4);
            blobs.forEach(pack::put);
            return pack.put(sealed).putInt(sealed.length).array();
        }
    }

    /** The blobs a pack's header lists. */
    static List<Entry> header(byte[] pack, OffsiteKeys keys) throws GeneralSecurityException {
        if (pack.length < 4) {
            throw new GeneralSecurityException("too short for a pack");
        }
        int length = ByteBuffer.wrap(pack, pack.length - 4, 4).getInt();
        if (length <= 0 || length > pack.length - 4) {
            throw new GeneralSecurityException("bad header length " + length);
        }
        int start = pack.length - 4 - length;
        byte[] sealed = new byte[length];
        System.arraycopy(pack, start, sealed, 0, length);
        ByteBuffer header = ByteBuffer.wrap(keys.open(sealed, HEADER_CONTEXT));
        int count = header.getInt();
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Entry entry = new Entry(BlobId.read(header), header.getInt(), header.getInt());
            if (entry.offset() < 0 || entry.length() < 0 || (long) entry.offset() + entry.length() > start) {
                throw new GeneralSecurityException("blob " + entry.id() + " lies outside the pack's body");
            }
            entries.add(entry);
        }
        return entries;
    }
}
