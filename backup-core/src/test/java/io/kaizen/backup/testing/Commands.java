package io.kaizen.backup.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs helper commands for fixtures: to completion, failing loudly with their output. */
public final class Commands {
    private Commands() {
    }

    /** Runs {@code argv} (stdin from {@code stdin}, or none) and returns its stdout; fails on a non-zero exit. */
    public static String run(List<String> argv, Map<String, String> env, Path stdin, int timeoutSeconds) {
        Result result = tryRun(argv, env, stdin, timeoutSeconds);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " exited with " + result.exitCode() + ": "
                    + result.stderr() + result.stdout());
        }
        return result.stdout();
    }

    public static String run(String... argv) {
        return run(List.of(argv), Map.of(), null, 120);
    }

    /** Runs {@code argv} in {@code directory} and returns its stdout as raw bytes; fails on a non-zero exit. */
    public static byte[] bytes(Path directory, String... argv) {
        Raw raw = runRaw(List.of(argv), Map.of(), directory, null, 120);
        if (raw.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " in " + directory + " exited with "
                    + raw.exitCode() + ": " + raw.stderr());
        }
        return raw.stdout();
    }

    /** How a command ended. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code argv} to completion and returns how it ended, whatever that was. */
    public static Result tryRun(List<String> argv, Map<String, String> env, Path stdin, int timeoutSeconds) {
        Raw raw = runRaw(argv, env, null, stdin, timeoutSeconds);
        return new Result(raw.exitCode(), new String(raw.stdout(), StandardCharsets.UTF_8), raw.stderr());
    }

    private record Raw(int exitCode, byte[] stdout, String stderr) {
    }

    /** Runs {@code argv} (in {@code directory} if given; stdin from {@code stdin}, or none) to completion. */
    private static Raw runRaw(List<String> argv, Map<String, String> env, Path directory, Path stdin,
                              int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("kaizen-cmd", ".out");
            Path err = Files.createTempFile("kaizen-cmd", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                                : ProcessBuilder.Redirect.from(stdin.toFile()));
                if (directory != null) {
                    builder.directory(directory.toFile());
                }
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new IllegalStateException(String.join(" ", argv) + " did not finish in " + timeoutSeconds + " s");
                }
                return new Raw(process.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A fresh directory under /tmp owned by {@code user} (mode 0700), for a server's data. */
    public static Path ownedTempDir(String prefix, String user) {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
            run("chown", user + ":", dir.toString());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a tree (rm -rf): server data owned by other users included. */
    public static void removeTree(Path dir) {
        if (dir != null && dir.startsWith("/tmp/") && Files.exists(dir)) {
            tryRun(List.of("rm", "-rf", "--one-file-system", dir.toString()), Map.of(), null, 120);
        }
    }

    /** Stops a process and everything it started that is still its descendant. */
    public static void stopTree(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    /** Whether this JVM runs as root (the server fixtures need to switch users). */
    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
