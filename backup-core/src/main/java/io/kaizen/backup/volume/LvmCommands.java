package io.kaizen.backup.volume;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.process.ChildProcess;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The commands of lvm2 and util-linux this package runs, and the reading of their {@code KEY=value} reports. */
final class LvmCommands {
    /** lvm2 warns on stderr of every descriptor a JVM leaves open to its children; they are not its business. */
    private static final Map<String, String> ENV = Map.of("LVM_SUPPRESS_FD_WARNINGS", "1");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern PAIR = Pattern.compile("([A-Z0-9_]+)=(?:\"([^\"]*)\"|(\\S*))");
    private static final Pattern HEX = Pattern.compile("\\\\x([0-9a-fA-F]{2})");

    private LvmCommands() {
    }

    /** What {@code argv} printed on stdout; a failure (or a command that is not installed) names its last error. */
    static String output(List<String> argv) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ChildProcess.Outcome outcome;
        try {
            outcome = ChildProcess.run(argv, ENV, null, stdout, TIMEOUT);
        } catch (KaizenException e) {
            throw new KaizenException(argv.get(0) + " is not installed (snapshot: lvm needs lvm2 and util-linux): "
                    + e.getMessage(), e);
        }
        if (!outcome.succeeded()) {
            throw new KaizenException(String.join(" ", argv) + " failed"
                    + (outcome.timedOut() ? " (timed out)" : " (exit " + outcome.exitCode() + ")") + ": "
                    + outcome.lastError());
        }
        return stdout.toString(StandardCharsets.UTF_8);
    }

    /**
     * Runs an undoing command ({@code umount}, {@code lvremove}), also while the process is being stopped; returns
     * what went wrong, or empty when it succeeded.
     */
    static Optional<String> undo(List<String> argv) {
        try {
            ChildProcess.Outcome outcome = ChildProcess.runCleanup(argv, ENV, TIMEOUT);
            return outcome.succeeded() ? Optional.empty()
                    : Optional.of(String.join(" ", argv) + " failed: " + outcome.lastError());
        } catch (KaizenException e) {
            return Optional.of(String.join(" ", argv) + ": " + e.getMessage());
        }
    }

    /**
     * Unmounts every mount of {@code device}, also while the process is being stopped (as {@link #undo}); returns
     * what could not be unmounted.
     */
    static List<String> unmountAll(Path device) {
        List<String> problems = new ArrayList<>();
        ChildProcess.Outcome targets;
        try {
            targets = ChildProcess.runCleanup(List.of("findmnt", "-n", "-P", "-o", "TARGET", "-S", device.toString()),
                    ENV, TIMEOUT);
        } catch (KaizenException e) {
            problems.add(e.getMessage());
            return problems;
        }
        if (!targets.succeeded()) {
            return problems; // findmnt exits 1 when nothing is mounted from the device
        }
        for (String line : targets.stderr().lines().filter(l -> l.startsWith("TARGET=")).toList()) {
            String target = pairs(line).get("TARGET");
            undo(List.of("umount", target)).ifPresent(problems::add);
        }
        return problems;
    }

    /**
     * The {@code KEY=value} pairs of one report line: {@code findmnt -P} quotes values and writes special bytes as
     * {@code \xHH}, {@code lvs --nameprefixes --unquoted} does neither.
     */
    static Map<String, String> pairs(String line) {
        Map<String, String> pairs = new HashMap<>();
        Matcher pair = PAIR.matcher(line);
        while (pair.find()) {
            String value = pair.group(2) != null ? pair.group(2) : pair.group(3);
            pairs.put(pair.group(1), unescape(value));
        }
        return pairs;
    }

    private static String unescape(String value) {
        Matcher hex = HEX.matcher(value);
        if (!hex.find()) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int from = 0;
        do {
            bytes.writeBytes(value.substring(from, hex.start()).getBytes(StandardCharsets.UTF_8));
            bytes.write(Integer.parseInt(hex.group(1), 16));
            from = hex.end();
        } while (hex.find());
        bytes.writeBytes(value.substring(from).getBytes(StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
