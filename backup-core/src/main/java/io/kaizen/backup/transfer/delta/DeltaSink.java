package io.kaizen.backup.transfer.delta;

import java.io.IOException;

/** Receives a delta: runs of blocks of the old file to copy, and literal bytes, in file order. */
interface DeltaSink {
    /** Copy {@code count} consecutive blocks of the old file, starting at block {@code firstBlock}. */
    void copy(int firstBlock, int count) throws IOException;

    /** Append {@code buffer[offset, offset + length)} literally. */
    void literal(byte[] buffer, int offset, int length) throws IOException;

    /** The delta is complete. */
    void end() throws IOException;
}
