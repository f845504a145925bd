package io.kaizen.backup.process;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The CPU and I/O priority a job runs at (README, "Priority"): a nice value (-20 to 19) and an I/O scheduling
 * class ({@code idle}, {@code best-effort}, {@code realtime}) with a level (0 to 7, best-effort and realtime only);
 * null parts are left as they are. Applied to this whole process, every thread of it (Linux keeps priorities per
 * thread), with {@code renice} and {@code ionice}; the children it starts afterwards (rsync, dump commands, hooks)
 * and its threads inherit them, so the built-in engine is throttled as much as the rsync binary.
 */
public record Priority(Integer nice, IoClass ioClass, Integer ioLevel) {
    public static final Priority UNCHANGED = new Priority(null, null, null);

    /** An I/O scheduling class as {@code ionice -c} numbers it. */
    public enum IoClass {
        REALTIME(1), BEST_EFFORT(2), IDLE(3);

        private final int number;

        IoClass(int number) {
            this.number = number;
        }

        /** As the configuration spells it: {@code idle}, {@code best-effort}, {@code realtime}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static IoClass parse(String text) {
            for (IoClass value : values()) {
                if (value.label().equals(text)) {
                    return value;
                }
            }
            throw ConfigException.ofSetting("io-class", ": unknown class '" + text
                    + "' (expected idle, best-effort or realtime)");
        }
    }

    public Priority {
        if (nice != null && (nice < -20 || nice > 19)) {
            throw ConfigException.ofSetting("nice", ": must be -20 to 19, got " + nice);
        }
        if (ioLevel != null && (ioLevel < 0 || ioLevel > 7)) {
            throw ConfigException.ofSetting("io-level", ": must be 0 to 7, got " + ioLevel);
        }
        if (ioLevel != null && (ioClass == null || ioClass == IoClass.IDLE)) {
            throw ConfigException.ofSetting("io-level", ": needs io-class best-effort or realtime (idle has no levels)");
        }
    }

    /**
     * Sets this priority on every thread of this process. Returns what could not be set (this user may not raise a
     * priority; the tools may be missing), for a warning: a backup is not refused for its priority.
     */
    public Optional<String> applyToThisProcess() {
        if (nice == null && ioClass == null) {
            return Optional.empty();
        }
        List<String> threads;
        try {
            threads = threadIds();
        } catch (IOException e) {
            return Optional.of("cannot list this process's threads to set its priority: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        if (nice != null) {
            List<String> renice = new ArrayList<>(List.of("renice", "-n", nice.toString(), "-p"));
            renice.addAll(threads);
            run(renice).ifPresent(problems::add);
        }
        if (ioClass != null) {
            List<String> ionice = new ArrayList<>(List.of("ionice", "-c", Integer.toString(ioClass.number)));
            if (ioLevel != null) {
                ionice.addAll(List.of("-n", ioLevel.toString()));
            }
            ionice.add("-p");
            ionice.addAll(threads);
            run(ionice).ifPresent(problems::add);
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static List<String> threadIds() throws IOException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> ids.add(task.getFileName().toString()));
        }
        return ids;
    }

    /**
     * Runs one tool; its complaint, if any. A thread that ended between the listing and the call is no problem,
     * so a non-zero exit counts only with a message other than "No such process".
     */
    private static Optional<String> run(List<String> argv) {
        try {
            ChildProcess.Outcome outcome = ChildProcess.run(argv, Map.of(), null, OutputStream.nullOutputStream(), null);
            List<String> complaints = outcome.stderr().lines().filter(l -> !l.isBlank())
                    .filter(l -> !l.contains("No such process")).toList();
            return outcome.exitCode() == 0 || complaints.isEmpty() ? Optional.empty()
                    : Optional.of("could not set the priority (" + argv.get(0) + "): " + String.join(" / ", complaints));
        } catch (KaizenException e) {
            return Optional.of("could not set the priority: " + e.getMessage());
        }
    }
}
