package io.kaizen.backup.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * {@code .kaizen/lock}: at most one run per store. The lock is a POSIX record lock on the file, which the
 * kernel releases when its holder dies however it dies; the file's content names the holder (pid, host, start
 * time) for the message the second run gives. Content left behind by a holder that died is reported as a
 * warning when the next run takes the lock over.
 */
public final class StoreLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Who holds a lock. */
    public record Holder(long pid, String host, Instant started) {
        public static Holder currentProcess(String host, Instant now) {
            return new Holder(ProcessHandle.current().pid(), host, now);
        }

        @Override
        public String toString() {
            return "pid " + pid + " on host " + host + " since " + started;
        }
    }

    static StoreLock acquire(Path file, Holder me, Consumer<String> warnings) throws IOException {
        return acquire(file, "store " + file.getParent().getParent(), me, warnings);
    }

    /**
     * Takes the lock {@code file} guards {@code what} with (named in the message a second process gets), with the
     * same semantics as a store's; a {@link StoreLockedException} when a live process holds it.
     */
    public static StoreLock acquire(Path file, String what, Holder me, Consumer<String> warnings) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = tryLock(channel);
            String previous = read(channel);
            if (lock == null) {
                throw new StoreLockedException(what + " is locked by "
                        + (previous.isBlank() ? "another process" : describe(previous))
                        + "; another run is in progress (lock file " + file + ")");
            }
            if (!previous.isBlank()) {
                warnings.accept("took over the lock of " + describe(previous)
                        + ", which is no longer running (it died or was killed)");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Json.mapper().writeValueAsBytes(me)), 0);
            channel.force(true);
            return new StoreLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static String describe(String content) {
        try {
            return Json.mapper().readValue(content, Holder.class).toString();
        } catch (IOException e) {
            return "an unknown holder";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            channel.close();
        }
    }
}
