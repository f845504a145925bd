package io.kaizen.backup.offsite;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** A blob's name: the HMAC-SHA256 of its plaintext under the repository's PRF key (32 bytes, as four longs). */
record BlobId(long a, long b, long c, long d) {
    static final int BYTES = 32;

    static BlobId of(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new BlobId(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    static BlobId read(ByteBuffer buffer) {
        return new BlobId(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    void write(ByteBuffer buffer) {
        buffer.putLong(a).putLong(b).putLong(c).putLong(d);
    }

    byte[] bytes() {
        ByteBuffer buffer = ByteBuffer.allocate(BYTES);
        write(buffer);
        return buffer.array();
    }

    String hex() {
        return HexFormat.of().formatHex(bytes());
    }

    @Override
    public String toString() {
        return hex();
    }
}
