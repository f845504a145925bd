package io.kaizen.backup.source;

import io.kaizen.backup.fs.OwnerOnly;
import io.kaizen.backup.process.ChildProcess;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code dumps/NAME/} inside a partial snapshot (0700, its files 0600): dump commands write their stdout straight into files here (no
 * temporary copy anywhere else, not even a pipe through this process). A file whose command failed is removed again, so a truncated dump never
 * passes for a backup.
 */
final class DumpDirectory {
    private final String name;
    private final Path dir;

    private DumpDirectory(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    static DumpDirectory create(Path partial, String name) throws IOException {
        Path dir = OwnerOnly.directory(OwnerOnly.directory(partial.resolve(DumpSource.DUMPS_DIR)).resolve(name));
        return new DumpDirectory(name, dir);
    }

    Path file(String fileName) {
        return dir.resolve(fileName);
    }

    /** The file's path relative to the snapshot, as the manifest records it. */
    String relative(String fileName) {
        return DumpSource.DUMPS_DIR + "/" + name + "/" + fileName;
    }

    /** How one streamed command ended and how many bytes it wrote. */
    record Streamed(String fileName, ChildProcess.Outcome outcome, long bytes, Duration timeout) {
        /** What went wrong, if anything: time, disk, exit code or an empty output. */
        Optional<String> problem(String what) {
            if (outcome.timedOut()) {
                return Optional.of(what + " did not finish within " + timeout.toSeconds() + " s and was killed");
            }
            if (outcome.outputError() != null) {
                return Optional.of("writing " + what + "'s output failed: " + outcome.outputError().getMessage());
            }
            if (outcome.exitCode() != 0) {
                return Optional.of(what + " exited with " + outcome.exitCode() + ": " + outcome.lastErrors(3));
            }
            if (bytes == 0) {
                return Optional.of(what + " wrote nothing" + (outcome.stderr().isBlank() ? "" : ": " + outcome.lastErrors(3)));
            }
            return Optional.empty();
        }
    }

    /**
     * Runs {@code argv} (no shell) with its stdout written straight into {@code fileName} (created 0600 first, so
     * a dump is never readable by others whatever the umask) by the command itself.
     */
    Streamed stream(String fileName, List<String> argv, Map<String, String> env, Duration timeout) throws IOException {
        Path file = OwnerOnly.file(file(fileName));
        ChildProcess.Outcome outcome = ChildProcess.runToFile(argv, env, file, timeout);
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            bytes = 0;
        }
        return new Streamed(fileName, outcome, bytes, timeout);
    }

    /** Removes a file that must not stay; returns a note if that failed. */
    String remove(String fileName) {
        try {
            Files.deleteIfExists(file(fileName));
            return "";
        } catch (IOException e) {
            return " (and its incomplete output " + file(fileName) + " could not be removed: " + e.getMessage() + ")";
        }
    }

    /** Removes the directory if nothing was kept in it. */
    void removeIfEmpty() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            if (!entries.iterator().hasNext()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // an empty directory left behind is harmless
        }
    }
}
