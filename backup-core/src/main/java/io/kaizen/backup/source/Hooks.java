package io.kaizen.backup.source;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.process.Programs;
import io.kaizen.backup.store.HookRun;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SourceResult;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Commands run around a whole run or one source (README, "Hooks"), each an argument vector run without a shell,
 * killed with its descendants after {@code timeout}: {@code before} runs first and, if it fails (non-zero exit,
 * timeout, cannot start), what it guards fails without running; {@code after} runs whatever happened. An empty
 * command is no hook. Each command must name a program that exists when the hooks are made (bad input otherwise).
 */
public record Hooks(List<String> before, List<String> after, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration MAX_TIMEOUT = Duration.ofDays(1);
    public static final Hooks NONE = new Hooks(List.of(), List.of(), DEFAULT_TIMEOUT);

    /** When a hook runs. */
    public enum Phase {
        BEFORE, AFTER;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Hooks {
        before = before == null ? List.of() : List.copyOf(before);
        after = after == null ? List.of() : List.copyOf(after);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw ConfigException.ofSetting("timeout", ": must be 1 to " + MAX_TIMEOUT.toSeconds()
                    + " seconds, got " + timeout.toSeconds());
        }
        checkRunnable("before", before);
        checkRunnable("after", after);
    }

    private static void checkRunnable(String key, List<String> command) {
        if (!command.isEmpty() && !Programs.isRunnable(command.get(0))) {
            throw ConfigException.ofSetting(key, ": no such command '" + command.get(0)
                    + "' (not an executable file, nor found on PATH)");
        }
    }

    /** Runs the hook of {@code phase}, if there is one; {@code scope} names what it guards in the record. */
    public Optional<HookRun> run(Phase phase, String scope) {
        List<String> command = phase == Phase.BEFORE ? before : after;
        if (command.isEmpty()) {
            return Optional.empty();
        }
        try {
            ChildProcess.Outcome outcome = ChildProcess.run(command, Map.of(), null, OutputStream.nullOutputStream(),
                    timeout);
            return Optional.of(new HookRun(scope, phase.label(), command, outcome.exitCode(), outcome.timedOut(),
                    tail(outcome.stderr())));
        } catch (KaizenException e) {
            return Optional.of(new HookRun(scope, phase.label(), command, HookRun.NOT_STARTED, false, e.getMessage()));
        }
    }

    /**
     * Captures {@code source} between its hooks: a failed {@code before} fails the source, which is then not
     * captured; {@code after} runs either way, and its failure adds a warning to a result that had none. Every
     * hook that ran is handed to {@code record}.
     */
    public SourceResult around(Source source, Supplier<SourceResult> capture, Consumer<HookRun> record) {
        String scope = source.kind() + " " + source.name();
        SourceResult result;
        Optional<HookRun> last;
        try {
            Optional<HookRun> first = run(Phase.BEFORE, scope);
            first.ifPresent(record);
            result = first.filter(h -> !h.succeeded())
                    .map(h -> new SourceResult(source.kind(), source.name(), RunStatus.FAILED, h.describe()
                            + "; the source was not captured"))
                    .orElseGet(capture);
        } finally {
            last = run(Phase.AFTER, scope);
            last.ifPresent(record);
        }
        if (last.isEmpty() || last.get().succeeded()) {
            return result;
        }
        String message = (result.message() == null ? "" : result.message() + "; ") + last.get().describe();
        return new SourceResult(result.kind(), result.name(), result.status().and(RunStatus.WARNINGS), message,
                result.files(), result.changed(), result.reflink());
    }

    private static String tail(String stderr) {
        byte[] bytes = stderr.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= HookRun.STDERR_KEPT ? stderr
                : new String(bytes, bytes.length - HookRun.STDERR_KEPT, HookRun.STDERR_KEPT, StandardCharsets.UTF_8);
    }
}
