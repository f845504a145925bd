package io.kaizen.backup.transfer.delta;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * The wire form of signatures and deltas, for the agent protocol. Reading treats the input as untrusted:
 * sizes are bounded before anything is allocated, and a delta is replayed only up to its end marker.
 */
public final class DeltaWire {
    /** Largest literal chunk accepted from a peer. */
    public static final int MAX_LITERAL = 1 << 20;
    /**
     * Most blocks of a signature read from a peer: a 256 GiB old file at rsync's largest block size, about 40 MiB
     * of sums (80 MiB with the encoder's index). The signature of a larger old file is not read (no delta basis).
     */
    public static final int MAX_SIGNATURE_BLOCKS = 1 << 21;
    private static final byte COPY = 'C';
    private static final byte LITERAL = 'L';
    private static final byte END = 'E';

    private DeltaWire() {
    }

    public static void writeSignature(Signature signature, DataOutputStream out) throws IOException {
        out.writeLong(signature.fileLength());
        out.writeInt(signature.blockSize());
        out.writeInt(signature.blocks());
        for (int weak : signature.weak()) {
            out.writeInt(weak);
        }
        out.write(signature.strong());
    }

    /**
     * Reads a signature of strong hash {@code hash} (agreed on by the request, not sent) from a peer. Its 16-byte header is checked before anything is allocated: the block size
     * must be exactly the one {@link Signature#blockSizeFor} gives for the length (what every writer of a
     * signature uses, as rsync does) and the block count must match; anything else is an {@link IOException}
     * ("refusing signature"). A valid signature of an old file longer than {@code maxLength}, or of more than
     * {@value #MAX_SIGNATURE_BLOCKS} blocks, is not read: the result is empty and its blocks are left in the
     * stream for the caller to skip (the file then goes whole).
     */
    public static Optional<Signature> readSignature(DataInputStream in, long maxLength, StrongHash hash)
            throws IOException {
        long length = in.readLong();
        int blockSize = in.readInt();
        int blocks = in.readInt();
        if (length < 0 || blockSize != Signature.blockSizeFor(length) || blocks != Signature.blockCount(length, blockSize)) {
            throw new IOException("refusing signature: length " + length + ", block size " + blockSize + ", blocks "
                    + blocks + " (a signature of " + Math.max(length, 0) + " bytes has blocks of "
                    + Signature.blockSizeFor(Math.max(length, 0)) + " bytes)");
        }
        if (length > maxLength || blocks > MAX_SIGNATURE_BLOCKS) {
            return Optional.empty();
        }
        int[] weak = new int[blocks];
        for (int i = 0; i < blocks; i++) {
            weak[i] = in.readInt();
        }
        byte[] strong = new byte[blocks * hash.length()];
        in.readFully(strong);
        return Optional.of(new Signature(length, blockSize, hash, weak, strong));
    }

    /** A sink that writes the delta to {@code out}. */
    public static DeltaSink writer(DataOutputStream out) {
        return new DeltaSink() {
            @Override
            public void copy(int firstBlock, int count) throws IOException {
                out.writeByte(COPY);
                out.writeInt(firstBlock);
                out.writeInt(count);
            }

            @Override
            public void literal(byte[] buffer, int offset, int length) throws IOException {
                for (int done = 0; done < length; done += MAX_LITERAL) {
                    int chunk = Math.min(MAX_LITERAL, length - done);
                    out.writeByte(LITERAL);
                    out.writeInt(chunk);
                    out.write(buffer, offset + done, chunk);
                }
            }

            @Override
            public void end() throws IOException {
                out.writeByte(END);
                out.flush();
            }
        };
    }

    /**
     * Replays a delta from {@code in} into {@code sink}; stops with an error past {@code maxOutput} bytes. The literal
     * buffer grows to the longest chunk read (at most {@value #MAX_LITERAL} bytes), so a small delta costs a small one.
     */
    public static void replay(DataInputStream in, DeltaSink sink, int blockSize, long maxOutput) throws IOException {
        byte[] buffer = new byte[0];
        long output = 0;
        while (true) {
            byte tag = in.readByte();
            switch (tag) {
                case COPY -> {
                    int first = in.readInt();
                    int count = in.readInt();
                    output += (long) Math.max(count, 0) * blockSize;
                    sink.copy(first, count);
                }
                case LITERAL -> {
                    int length = in.readInt();
                    if (length < 0 || length > MAX_LITERAL) {
                        throw new IOException("refusing literal of " + length + " bytes");
                    }
                    if (length > buffer.length) {
                        buffer = new byte[Math.max(length, Math.min(2 * buffer.length, MAX_LITERAL))];
                    }
                    in.readFully(buffer, 0, length);
                    output += length;
                    sink.literal(buffer, 0, length);
                }
                case END -> {
                    sink.end();
                    return;
                }
                default -> throw new IOException("bad delta instruction " + tag);
            }
            if (output > maxOutput + blockSize) {
                throw new IOException("delta produces more than the announced " + maxOutput + " bytes");
            }
        }
    }
}
