package io.kaizen.backup.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Whether a command's first word names a program this process could start, checked before a run relies on it. */
public final class Programs {
    private Programs() {
    }

    /**
     * Whether {@code program} can be started: a name with a '/' that is an executable file, or a bare name found
     * as an executable file in one of the directories of this process's {@code PATH}, as the system looks it up.
     */
    public static boolean isRunnable(String program) {
        if (program == null || program.isBlank()) {
            return false;
        }
        if (program.contains("/")) {
            return executable(program);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Arrays.stream(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> executable(dir + "/" + program));
    }

    private static boolean executable(String file) {
        try {
            Path path = Path.of(file);
            return Files.isRegularFile(path) && Files.isExecutable(path);
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
