package io.kaizen.backup.store;

import java.util.List;

/**
 * One hook command a run ran (README, "Hooks"): what it guarded ({@code run}, or a source's kind and name), its
 * phase ({@code before} or {@code after}), the command, its exit code (127: it could not be started), whether it
 * was killed for running past its timeout, and the last part of its stderr (at most {@link #STDERR_KEPT} bytes).
 */
public record HookRun(String scope, String phase, List<String> command, int exitCode, boolean timedOut,
                      String stderr) {
    /** How much of a hook's stderr is kept: its end, where the reason usually is. */
    public static final int STDERR_KEPT = 4096;
    /** The exit code recorded for a command that could not be started (the shell's "command not found"). */
    public static final int NOT_STARTED = 127;

    public HookRun {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** One line for a message: the command and how it ended, with its last stderr line. */
    public String describe() {
        String ended = timedOut ? "was killed after its timeout" : "exited with " + exitCode;
        String last = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("");
        return phase + " hook '" + String.join(" ", command) + "' " + ended + (last.isEmpty() ? "" : ": " + last);
    }
}
