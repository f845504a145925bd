package io.kaizen.backup.source;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The completion check of a {@code pg_dump -Fc} archive, in this process: the header and the whole table of
 * contents are parsed as pg_restore reads them (archive versions 1.12 to 1.16, the last PostgreSQL 17's), then every
 * data block after them is walked, chunk by chunk, to the end of the file. The archive is complete when each TOC
 * entry that has data (a data offset other than "no data") has exactly one block, no block names another entry,
 * the last block ends with its end marker and the file ends right there. pg_dump writes the blocks only after the
 * whole TOC and in one pass, so a dump cut anywhere fails one of these checks; {@code pg_restore --list} reads
 * only the header and the TOC.
 *
 * @param version the archive version, {@code major.minor.revision}
 * @param database the database the archive says it was dumped from
 * @param serverVersion the server's version as the archive records it ({@code Dumped from database version})
 * @param dumpedBy the version of the pg_dump that wrote it ({@code Dumped by pg_dump version}), as
 *     {@code pg_dump --version} ends
 * @param entries TOC entries
 * @param dataBlocks data blocks walked
 */
record CustomArchive(String version, String database, String serverVersion, String dumpedBy, int entries,
                     int dataBlocks) {
    static final int FIRST_VERSION = 12;
    static final int LAST_VERSION = 16;
    private static final byte[] MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT_CUSTOM = 1;
    private static final int BLOCK_DATA = 1;
    private static final int BLOCK_LARGE_OBJECTS = 3;
    private static final int OFFSET_NO_DATA = 3;

    /** An archive this check does not know (another format or a newer version), which pg_restore may still read. */
    static final class UnknownVersion extends IOException {
        UnknownVersion(String message) {
            super(message);
        }
    }

    /**
     * Reads and checks {@code file}; fails with an {@link IOException} saying what is wrong, or with
     * {@link UnknownVersion} for an archive this check does not know.
     */
    static CustomArchive check(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return check(in, Files.size(file));
        }
    }

    /** As {@link #check(Path)}, on an archive of {@code length} bytes read from {@code in}. */
    static CustomArchive check(InputStream in, long length) throws IOException {
        return read(new Reader(in, length));
    }

    private static CustomArchive read(Reader r) throws IOException {
        if (!Arrays.equals(r.bytes(MAGIC.length), MAGIC)) {
            throw new IOException("not a pg_dump archive (no PGDMP header)");
        }
        int major = r.u8();
        int minor = r.u8();
        int revision = r.u8();
        String version = major + "." + minor + "." + revision;
        if (major != 1 || minor < FIRST_VERSION || minor > LAST_VERSION) {
            throw new UnknownVersion("archive version " + version);
        }
        r.intSize = r.u8();
        r.offSize = r.u8();
        if (r.intSize < 1 || r.intSize > 8 || r.offSize < 1 || r.offSize > 8) {
            throw new IOException("bad integer sizes " + r.intSize + "/" + r.offSize + " in the archive header");
        }
        int format = r.u8();
        if (format != FORMAT_CUSTOM) {
            throw new IOException("archive format " + format + ", not the custom format (-Fc)");
        }
        if (minor >= 15) {
            r.u8();
        } else {
            r.integer();
        }
        for (int i = 0; i < 7; i++) {
            r.integer();
        }
        String database = r.string();
        String serverVersion = r.string();
        String dumpedBy = r.string();
        int count = r.integer();
        if (count < 0 || count > r.length) {
            throw new IOException("bad TOC entry count " + count);
        }
        BitSet withData = new BitSet();
        for (int i = 0; i < count; i++) {
            int dumpId = r.integer();
            if (dumpId <= 0) {
                throw new IOException("bad TOC entry id " + dumpId);
            }
            r.integer();
            r.strings(4);
            r.integer();
            r.strings(minor >= 14 ? 6 : 5);
            if (minor >= 16) {
                r.integer();
            }
            r.strings(2);
            while (r.string() != null) {
                // dependencies, up to a null string
            }
            int dataState = r.u8();
            r.bytes(r.offSize);
            if (dataState != OFFSET_NO_DATA) {
                withData.set(dumpId);
            }
        }
        int blocks = walkData(r, withData);
        if (!withData.isEmpty()) {
            throw new IOException("the archive ends before the data of TOC entry " + withData.nextSetBit(0)
                    + " (" + withData.cardinality() + " entries without their data)");
        }
        return new CustomArchive(version, database, serverVersion, dumpedBy, count, blocks);
    }

    /** Walks the data blocks to the end of the file, clearing each one's entry from {@code expected}. */
    private static int walkData(Reader r, BitSet expected) throws IOException {
        int blocks = 0;
        while (true) {
            int type = r.u8OrEnd();
            if (type < 0) {
                return blocks;
            }
            int dumpId = r.integer();
            if (dumpId <= 0 || !expected.get(dumpId)) {
                throw new IOException("data block for TOC entry " + dumpId + ", which has no data or had its block");
            }
            expected.clear(dumpId);
            if (type == BLOCK_DATA) {
                skipChunks(r);
            } else if (type == BLOCK_LARGE_OBJECTS) {
                while (r.integer() != 0) {
                    skipChunks(r);
                }
            } else {
                throw new IOException("unknown data block type " + type + " at byte " + r.position);
            }
            blocks++;
        }
    }

    /** Skips length-prefixed chunks up to the zero length that ends them. */
    private static void skipChunks(Reader r) throws IOException {
        for (int length = r.integer(); length != 0; length = r.integer()) {
            if (length < 0) {
                throw new IOException("bad data chunk length " + length + " at byte " + r.position);
            }
            r.skip(length);
        }
    }

    /** pg_dump's integers (a sign byte, then intSize bytes, least significant first) and strings over a stream. */
    private static final class Reader {
        private final InputStream in;
        private final long length;
        private long position;
        int intSize = 4;
        int offSize = 8;

        Reader(InputStream in, long length) {
            this.in = in;
            this.length = length;
        }

        int u8() throws IOException {
            int b = u8OrEnd();
            if (b < 0) {
                throw new EOFException("the archive ends at byte " + position + ", in the middle of an item");
            }
            return b;
        }

        int u8OrEnd() throws IOException {
            int b = in.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            position += b.length;
            if (b.length < n) {
                throw new EOFException("the archive ends at byte " + position + ", in the middle of an item");
            }
            return b;
        }

        void skip(long n) throws IOException {
            if (n > length - position) {
                throw new EOFException("a data chunk of " + n + " bytes runs past the end of the archive at byte "
                        + position);
            }
            in.skipNBytes(n);
            position += n;
        }

        int integer() throws IOException {
            int sign = u8();
            long value = 0;
            for (int i = 0; i < intSize; i++) {
                value |= (long) u8() << (8 * i);
            }
            if (value > Integer.MAX_VALUE) {
                throw new IOException("integer out of range at byte " + position);
            }
            return sign == 0 ? (int) value : -(int) value;
        }

        /** Reads {@code n} strings: tableoid, oid, tag, desc; defn, drop, copy, namespace, tablespace[, tableam]; owner, WITH OIDS. */
        void strings(int n) throws IOException {
            for (int i = 0; i < n; i++) {
                string();
            }
        }

        /** A string, or null (pg_dump's length -1). */
        String string() throws IOException {
            int n = integer();
            if (n < 0) {
                return null;
            }
            if (n > length - position) {
                throw new EOFException("a string of " + n + " bytes runs past the end of the archive at byte " + position);
            }
            return new String(bytes(n), StandardCharsets.UTF_8);
        }
    }
}
