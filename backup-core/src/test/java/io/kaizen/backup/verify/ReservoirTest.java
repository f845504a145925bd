package io.kaizen.backup.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReservoirTest {
    private static List<Integer> sample(int size, int of, long seed) {
        Reservoir<Integer> reservoir = new Reservoir<>(size, new SplittableRandom(seed));
        reservoir.offerAll(IntStream.range(0, of).boxed().iterator());
        assertThat(reservoir.seen()).isEqualTo(of);
        return reservoir.sample();
    }

    @Test
    void theSameSeedGivesTheSameSampleAndAnotherSeedAnother() {
        assertThat(sample(10, 1000, 42)).isEqualTo(sample(10, 1000, 42)).isNotEqualTo(sample(10, 1000, 43));
        assertThat(sample(10, 1000, 42)).hasSize(10).doesNotHaveDuplicates().allMatch(i -> i >= 0 && i < 1000);
    }

    @Test
    void fewerItemsThanTheSampleSizeAreAllTaken() {
        assertThat(sample(10, 3, 1)).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(sample(10, 0, 1)).isEmpty();
    }

    @Test
    void everyItemIsAboutEquallyLikely() {
        int[] hits = new int[20];
        for (long seed = 0; seed < 4000; seed++) {
            sample(5, 20, seed).forEach(i -> hits[i]++);
        }
        // each item is chosen with probability 5/20, so about 1000 times in 4000 samples
        assertThat(IntStream.of(hits).boxed().toList()).allMatch(h -> h > 850 && h < 1150);
    }

    @Test
    void aSampleOfNothingIsRefused() {
        assertThatThrownBy(() -> new Reservoir<Integer>(0, new SplittableRandom())).isInstanceOf(IllegalArgumentException.class);
    }
}
