package io.kaizen.backup.transfer.delta;

/**
 * rsync's weak checksum ({@code get_checksum1} with CHAR_OFFSET 0): {@code s1} is the sum of the bytes,
 * {@code s2} the sum of the running {@code s1}; the value is {@code (s1 & 0xffff) | (s2 << 16)}. It rolls: one
 * byte out, one byte in, in constant time.
 */
final class RollingChecksum {
    private int s1;
    private int s2;
    private int length;

    /** Starts over on {@code buffer[offset, offset + length)}. */
    void reset(byte[] buffer, int offset, int length) {
        int a = 0;
        int b = 0;
        for (int i = 0; i < length; i++) {
            a += buffer[offset + i];
            b += a;
        }
        s1 = a;
        s2 = b;
        this.length = length;
    }

    /** Slides the window one byte: {@code out} leaves at the front, {@code in} enters at the back. */
    void roll(byte out, byte in) {
        s1 += in - out;
        s2 += s1 - length * out;
    }

    /** Shrinks the window by one byte at the front (at the end of the file). */
    void trimFront(byte out) {
        s1 -= out;
        s2 -= length * out;
        length--;
    }

    int value() {
        return (s1 & 0xffff) | (s2 << 16);
    }

    static int of(byte[] buffer, int offset, int length) {
        RollingChecksum sum = new RollingChecksum();
        sum.reset(buffer, offset, length);
        return sum.value();
    }
}
