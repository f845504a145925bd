package io.kaizen.backup.store;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.process.Interruption;
import io.kaizen.backup.process.RunTag;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code .kaizen/lock}: at most one run per store (and {@code .kaizen/serve.lock}: at most one {@code kaizen serve}
 * session per store). The lock is a POSIX record lock on the file, which the
 * kernel releases when its holder dies however it dies; the file's content names the holder (pid, host, start
 * time, and the {@link RunTag} its child processes carry) for the message the second run gives. The content is
 * cleared when the holder ends, normally or interrupted by a signal once its children stopped; content left
 * behind means the holder died (SIGKILL, a crash), and the next run takes the lock over: it first stops every
 * process that still carries the dead run's tag (an rsync re-parented to init would go on writing into the
 * partial snapshot), refusing to run if one cannot be stopped, and reports the takeover as a warning.
 */
public final class StoreLock implements AutoCloseable {
    /** How long a loser waits for the winner of a simultaneous start to write its name into the lock file. */
    private static final Duration HOLDER_WAIT = Duration.ofSeconds(3);
    private static final long HOLDER_POLL_MILLIS = 20;
    /** How long the processes of a dead holder get to die after SIGKILL. */
    private static final Duration STRAY_WAIT = Duration.ofSeconds(10);

    private final String what;
    private final FileChannel channel;
    private final FileLock lock;
    private final Interruption.Registration registration;
    private Function<Interruption.Signal, String> onInterrupt = signal -> null;
    private boolean closed;

    private StoreLock(String what, FileChannel channel, FileLock lock) {
        this.what = what;
        this.channel = channel;
        this.lock = lock;
        this.registration = Interruption.register(this::interrupted);
    }

    /** Who holds a lock; {@code run} is the {@link RunTag} of its child processes (null in older lock files). */
    public record Holder(long pid, String host, Instant started, String run) {
        public static Holder currentProcess(String host, Instant now) {
            return new Holder(ProcessHandle.current().pid(), host, now, RunTag.own());
        }

        /**
         * The lock file's content: this holder as {@link Json#mapper()} writes it, by {@link JsonStream} (every
         * {@code kaizen serve} writes one).
         */
        byte[] toJson() throws IOException {
            return JsonStream.write(out -> {
                out.writeStartObject();
                out.writeNumberField("pid", pid);
                out.writeStringField("host", host);
                JsonStream.writeInstant(out, "started", started);
                out.writeStringField("run", run);
                out.writeEndObject();
            });
        }

        /** The holder a lock file names (unknown fields ignored, missing ones null or 0). */
        static Holder fromJson(byte[] content) throws IOException {
            long[] pid = new long[1];
            String[] host = new String[1];
            Instant[] started = new Instant[1];
            String[] run = new String[1];
            JsonStream.readObject(content, (field, in) -> {
                switch (field) {
                    case "pid" -> pid[0] = JsonStream.number(in);
                    case "host" -> host[0] = JsonStream.string(in);
                    case "started" -> started[0] = JsonStream.instant(in);
                    case "run" -> run[0] = JsonStream.string(in);
                    default -> in.skipChildren();
                }
            });
            return new Holder(pid[0], host[0], started[0], run[0]);
        }

        @Override
        public String toString() {
            return "pid " + pid + " on host " + host + " since " + started;
        }
    }

    /** Takes {@code file}'s lock; {@code busy} says in the refusal what the holder is doing. */
    static StoreLock acquire(Path file, Holder me, String busy, Consumer<String> warnings) throws IOException {
        return acquire(file, "store " + file.getParent().getParent(), me, busy, warnings);
    }

    /**
     * Takes the lock {@code file} guards {@code what} with (named in the message a second process gets), with the
     * same semantics as a store's; a {@link StoreLockedException} when a live process holds it.
     */
    public static StoreLock acquire(Path file, String what, Holder me, Consumer<String> warnings) throws IOException {
        return acquire(file, what, me, "another run is in progress", warnings);
    }

    private static StoreLock acquire(Path file, String what, Holder me, String busy, Consumer<String> warnings)
            throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = awaitLockOrHolder(channel, what, file, me, busy);
            String content = read(channel);
            Optional<Holder> previous = parse(content);
            if (!content.isBlank()) {
                String stopped = stopStrays(previous, what, lock);
                warnings.accept("took over the lock of " + previous.map(Holder::toString).orElse("an unknown holder")
                        + ", which is no longer running (it died or was killed)" + stopped);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me.toJson()), 0);
            channel.force(true);
            return new StoreLock(what, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Takes the lock, or fails naming the live holder. A holder that has just taken the lock writes its name a
     * moment later, and one that is ending clears it a moment before it lets go: a loser that finds no live
     * holder named looks again for a while (the lock may have become free) before it gives up.
     */
    private static FileLock awaitLockOrHolder(FileChannel channel, String what, Path file, Holder me, String busy)
            throws IOException {
        long deadline = System.nanoTime() + HOLDER_WAIT.toNanos();
        while (true) {
            FileLock lock = tryLock(channel);
            if (lock != null) {
                return lock;
            }
            Optional<Holder> holder = parse(read(channel)).filter(h -> isLive(h, me));
            if (holder.isPresent() || System.nanoTime() > deadline) {
                throw new StoreLockedException(what + " is locked by "
                        + holder.map(Holder::toString).orElse("another process (it has not written its name into "
                        + "the lock file)") + "; " + busy + " (lock file " + file + ")");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(HOLDER_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KaizenException("interrupted while waiting for the lock of " + what, e);
            }
        }
    }

    /** Whether a named holder may be the live one: on another host we cannot tell, on ours its pid must live. */
    private static boolean isLive(Holder holder, Holder me) {
        return holder.host() == null || !holder.host().equals(me.host())
                || ProcessHandle.of(holder.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Stops the processes of a dead holder; returns the end of the takeover warning. */
    private static String stopStrays(Optional<Holder> previous, String what, FileLock lock) throws IOException {
        Optional<String> tag = previous.map(Holder::run);
        if (tag.isEmpty()) {
            return "";
        }
        List<Long> stopped;
        try {
            stopped = RunTag.stopStrays(tag.get(), STRAY_WAIT);
        } catch (KaizenException e) {
            lock.release();
            throw new StoreLockedException(what + ": the run " + previous.get() + " died, but "
                    + e.getMessage() + "; stop them, then run again");
        }
        return stopped.isEmpty() ? "" : "; stopped its processes that were still running: pids " + stopped;
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

    private static Optional<Holder> parse(String content) {
        if (content.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Holder.fromJson(content.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * What the holder records when its process is interrupted ({@link Interruption}: its children are stopped
     * by then); returns what it recorded, or null. The lock's content is cleared afterwards, so that the next run
     * does not take it over as a dead run's.
     */
    public synchronized void onInterrupt(Function<Interruption.Signal, String> record) {
        this.onInterrupt = record;
    }

    private synchronized String interrupted(Interruption.Signal signal) {
        if (closed) {
            return null;
        }
        String recorded = onInterrupt.apply(signal);
        try {
            channel.truncate(0);
            channel.force(true);
        } catch (IOException e) {
            return (recorded == null ? "" : recorded + "; ") + "could not clear the lock of " + what + " ("
                    + e.getMessage() + "): the next run takes it over with a warning";
        }
        return recorded;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        registration.close();
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            channel.close();
        }
    }
}
