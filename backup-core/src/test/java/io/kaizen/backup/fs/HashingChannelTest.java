package io.kaizen.backup.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashingChannelTest {
    private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void writesEverythingAndHashesIt() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        HashingChannel hashing = HashingChannel.unbounded(Channels.newChannel(sink), Sha256.digest());

        ByteBuffer buffer = ByteBuffer.wrap(HELLO);
        assertThat(hashing.write(buffer)).isEqualTo(HELLO.length);

        assertThat(buffer.hasRemaining()).isFalse();
        assertThat(sink.toByteArray()).isEqualTo(HELLO);
        assertThat(hashing.written()).isEqualTo(HELLO.length);
        assertThat(hashing.digest()).isEqualTo(Sha256.digest().digest(HELLO));
    }

    @Test
    void refusesAWriteThatWouldPassTheLimitAndWritesNothingOfIt() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        HashingChannel hashing = HashingChannel.bounded(Channels.newChannel(sink), 8,
                limit -> new IllegalArgumentException("more than " + limit));
        hashing.write(ByteBuffer.wrap(HELLO));

        assertThatThrownBy(() -> hashing.write(ByteBuffer.wrap(HELLO))).hasMessage("more than 8");
        assertThat(sink.toByteArray()).isEqualTo(HELLO);
        assertThat(hashing.written()).isEqualTo(HELLO.length);

        hashing.write(ByteBuffer.wrap(HELLO, 0, 2));
        assertThat(hashing.written()).isEqualTo(8);
    }

    @Test
    void aReusedDigestStartsAfresh() throws IOException {
        var digest = Sha256.digest();
        digest.update(HELLO);
        HashingChannel hashing = HashingChannel.unbounded(Channels.newChannel(new ByteArrayOutputStream()), digest);
        hashing.write(ByteBuffer.wrap(HELLO));

        assertThat(hashing.digest()).isEqualTo(Sha256.digest().digest(HELLO));
    }
}
