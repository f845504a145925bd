package io.kaizen.backup.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class WrittenSumsTest {
    private static byte[] path(int i) {
        return ("var/lib/app/dir-" + (i % 97) + "/file-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sum(int i) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(path(i));
    }

    @Test
    void everyRecordedSumIsFoundUnderItsOwnPathAcrossGrowth() throws Exception {
        WrittenSums sums = WrittenSums.create();
        for (int i = 0; i < 50_000; i++) {
            sums.put(path(i), sum(i));
        }
        for (int i = 0; i < 50_000; i++) {
            assertThat(sums.get(path(i))).as("path %d", i).isEqualTo(sum(i));
        }
        assertThat(sums.get(path(50_000))).isNull();
    }

    @Test
    void aPathRecordedTwiceHasNoSumSoItIsReadAgain() throws Exception {
        WrittenSums sums = WrittenSums.create();
        sums.put(path(1), sum(1));
        sums.put(path(2), sum(2));
        sums.put(path(1), sum(3));

        assertThat(sums.get(path(1))).isNull();
        assertThat(sums.get(path(2))).isEqualTo(sum(2));
    }

    @Test
    void sumsBeyondTheLimitAreNotKept() throws Exception {
        WrittenSums sums = WrittenSums.withLimit(10);
        for (int i = 0; i < 20; i++) {
            sums.put(path(i), sum(i));
        }
        assertThat(sums.get(path(9))).isEqualTo(sum(9));
        assertThat(sums.get(path(10))).isNull();
        assertThat(WrittenSums.withLimit(0).get(path(0))).isNull();
    }

    @Test
    void theAnswerIsACopyThatCannotChangeTheRecord() throws Exception {
        WrittenSums sums = WrittenSums.create();
        sums.put(path(1), sum(1));
        sums.get(path(1))[0] ^= 1;

        assertThat(sums.get(path(1))).isEqualTo(sum(1));
    }

    @Test
    void keysDifferForPathsDifferingInOneByteAndAreNeverTheEmptyMarker() {
        assertThat(WrittenSums.key("a/b".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(WrittenSums.key("a/c".getBytes(StandardCharsets.UTF_8)));
        assertThat(WrittenSums.key(new byte[0])).isNotZero();
    }
}
