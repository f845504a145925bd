package io.kaizen.backup.verify;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A uniform random sample of at most {@code size} items from a stream of unknown length, in one pass and
 * {@code size} items of memory (reservoir sampling, algorithm R). The same seed gives the same sample. Pure.
 */
public final class Reservoir<T> {
    private final int size;
    private final RandomGenerator random;
    private final List<T> items = new ArrayList<>();
    private long seen;

    public Reservoir(int size, RandomGenerator random) {
        if (size < 1) {
            throw new IllegalArgumentException("sample size must be at least 1: " + size);
        }
        this.size = size;
        this.random = random;
    }

    public void offer(T item) {
        if (items.size() < size) {
            items.add(item);
        } else {
            long slot = random.nextLong(seen + 1);
            if (slot < size) {
                items.set((int) slot, item);
            }
        }
        seen++;
    }

    public void offerAll(Iterator<T> stream) {
        stream.forEachRemaining(this::offer);
    }

    /** How many items were offered. */
    public long seen() {
        return seen;
    }

    /** The sample, in no particular order. */
    public List<T> sample() {
        return List.copyOf(items);
    }
}
