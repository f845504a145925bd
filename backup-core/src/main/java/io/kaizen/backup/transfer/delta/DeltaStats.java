package io.kaizen.backup.transfer.delta;

import java.io.IOException;

/** Passes a delta on and counts it: literal bytes (what must travel) and blocks matched. */
public final class DeltaStats implements DeltaSink {
    private final DeltaSink next;
    private long literalBytes;
    private long matchedBlocks;
    private long instructions;

    public DeltaStats(DeltaSink next) {
        this.next = next;
    }

    @Override
    public void copy(int firstBlock, int count) throws IOException {
        matchedBlocks += count;
        instructions++;
        next.copy(firstBlock, count);
    }

    @Override
    public void literal(byte[] buffer, int offset, int length) throws IOException {
        literalBytes += length;
        instructions++;
        next.literal(buffer, offset, length);
    }

    @Override
    public void end() throws IOException {
        next.end();
    }

    public long literalBytes() {
        return literalBytes;
    }

    public long matchedBlocks() {
        return matchedBlocks;
    }

    public long instructions() {
        return instructions;
    }
}
