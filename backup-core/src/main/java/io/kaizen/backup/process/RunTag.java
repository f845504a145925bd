package io.kaizen.backup.process;

import io.kaizen.backup.KaizenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tag that marks every process a kaizen run starts: {@link ChildProcess} puts {@code KAIZEN_RUN=TAG} into
 * each child's environment, which the child's own children inherit (rsync's receiver and generator, a dump
 * client's helpers). The tag is this JVM's pid and start time, so it outlives the JVM: a run that takes over the
 * lock of a run that died finds the dead run's processes by their tag ({@link #stopStrays}), even after they were
 * re-parented to init.
 */
public final class RunTag {
    /** The environment variable that carries the tag. */
    public static final String VARIABLE = "KAIZEN_RUN";
    private static final Path PROC = Path.of("/proc");
    private static final String OWN = ownTag();

    private RunTag() {
    }

    /** This process's tag. */
    public static String own() {
        return OWN;
    }

    /**
     * Whether the process that {@code tag} names still runs: one with that pid and that start time. A tag that is
     * not of this form names no live process.
     */
    public static boolean isLive(String tag) {
        int dash = tag.indexOf('-');
        if (dash <= 0 || !tag.chars().allMatch(c -> c == '-' || Character.isDigit(c))) {
            return false;
        }
        try {
            long pid = Long.parseLong(tag.substring(0, dash));
            long started = Long.parseLong(tag.substring(dash + 1));
            return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant())
                    .map(i -> i.toEpochMilli() == started).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String ownTag() {
        ProcessHandle self = ProcessHandle.current();
        return self.pid() + "-" + self.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("0");
    }

    /**
     * SIGKILLs every process tagged {@code tag} (never this process) and waits up to {@code wait} for them to
     * end. Returns the pids it stopped.
     *
     * @throws KaizenException when some are still there after the wait (not ours to kill, or stuck in the kernel)
     */
    public static List<Long> stopStrays(String tag, Duration wait) {
        if (tag.equals(OWN)) {
            return List.of();
        }
        List<ProcessHandle> strays = tagged(tag);
        strays.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + wait.toNanos();
        for (ProcessHandle stray : strays) {
            try {
                stray.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // counted below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Long> alive = strays.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        if (!alive.isEmpty()) {
            throw new KaizenException("processes of that run are still running and could not be stopped: pids "
                    + alive);
        }
        return strays.stream().map(ProcessHandle::pid).toList();
    }

    /** The live processes whose environment carries {@code tag}, read from {@code /proc/PID/environ}. */
    static List<ProcessHandle> tagged(String tag) {
        byte[] wanted = (VARIABLE + "=" + tag).getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (pid != self && carries(entry.resolve("environ"), wanted)) {
                    ProcessHandle.of(pid).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            throw new KaizenException("cannot list processes in " + PROC + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** Whether the NUL-separated environment file holds exactly the entry {@code wanted}. */
    private static boolean carries(Path environ, byte[] wanted) {
        byte[] env;
        try {
            env = Files.readAllBytes(environ);
        } catch (IOException e) {
            return false; // gone, or not ours to read
        }
        int start = 0;
        for (int i = 0; i <= env.length; i++) {
            if (i == env.length || env[i] == 0) {
                if (i - start == wanted.length && Arrays.equals(env, start, i, wanted, 0, wanted.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }
}
