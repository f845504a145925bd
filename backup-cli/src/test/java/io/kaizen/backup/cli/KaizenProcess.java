package io.kaizen.backup.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code kaizen.jar} as a separate process, the way cron or an operator does, for the
 * integration tests that need one: signals and kill -9, another user, the process environment (the locale is
 * {@code LANG=C} unless a test says otherwise, cron's default). The others run kaizen with {@link InProcess}.
 */
public final class KaizenProcess {
    /**
     * The launcher's {@code -XX:+UseSerialGC} and a JIT that stops at C1, in {@code JDK_JAVA_OPTIONS} (the java
     * launcher notes that on stderr): kaizen starts with less CPU time, which keeps the integration tests fast.
     */
    public static final Map<String, String> QUICK_START = Map.of("JDK_JAVA_OPTIONS",
            "-XX:+UseSerialGC -XX:TieredStopAtLevel=1");

    private KaizenProcess() {
    }

    /** How a run ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    public static Path jar() {
        String jar = System.getProperty("kaizen.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("kaizen.jar not built (run through 'mvnw verify'): " + jar);
        }
        return Path.of(jar);
    }

    /** The command line that runs kaizen with {@code args}. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts kaizen with {@code LANG=C}, stdout and stderr to files in {@code logs}. */
    public static Process start(Path logs, Map<String, String> env, String... args) throws IOException {
        return start(List.of(), logs, env, args);
    }

    /** Starts kaizen under a wrapper command (e.g. setpriv to run as another user). */
    public static Process start(List<String> wrapper, Path logs, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(command(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LANG", "C");
        builder.environment().remove("LC_ALL");
        builder.environment().putAll(env);
        Files.createDirectories(logs);
        builder.redirectOutput(logs.resolve("stdout").toFile());
        builder.redirectError(logs.resolve("stderr").toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return builder.start();
    }

    /** Runs kaizen to completion (at most 5 minutes) with {@code LANG=C} plus {@code env}. */
    public static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(List.of(), env, args);
    }

    /** Runs kaizen under a wrapper command (e.g. setpriv to run as another user) to completion. */
    public static Result run(List<String> wrapper, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path logs = Files.createTempDirectory("kaizen-run");
        Process process = start(wrapper, logs, env, args);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("kaizen " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        Result result = new Result(process.exitValue(),
                Files.readString(logs.resolve("stdout"), StandardCharsets.ISO_8859_1),
                Files.readString(logs.resolve("stderr"), StandardCharsets.ISO_8859_1));
        Files.delete(logs.resolve("stdout"));
        Files.delete(logs.resolve("stderr"));
        Files.delete(logs);
        return result;
    }

    public static Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    /** Asserts that {@code sha256sum -c .kaizen/SHA256SUMS} run inside {@code snapshot} passes, as an operator would check. */
    public static void assertSha256sumCheck(Path snapshot, String context) throws IOException, InterruptedException {
        Process check = new ProcessBuilder("sha256sum", "-c", "--quiet", ".kaizen/SHA256SUMS")
                .directory(snapshot.toFile()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (check.waitFor() != 0) {
            throw new AssertionError(context + ": sha256sum -c in " + snapshot + " failed:\n" + output);
        }
    }
}
