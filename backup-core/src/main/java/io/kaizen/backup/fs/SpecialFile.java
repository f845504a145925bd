package io.kaizen.backup.fs;

import io.kaizen.backup.process.ChildProcess;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Makes a fifo or a device with mknod(1), as rsync -a does (devices need root). */
public final class SpecialFile {
    private SpecialFile() {
    }

    /**
     * Makes {@code target} as a fifo, or as a character or block device numbered {@code device} ({@code st_rdev},
     * Linux encoding). Returns mknod's error, or empty when it was made.
     */
    public static Optional<String> make(Path target, FileStat.Type type, long device) {
        List<String> argv = new ArrayList<>(List.of("mknod", "--", target.toString()));
        switch (type) {
            case FIFO -> argv.add("p");
            case CHARACTER_DEVICE, BLOCK_DEVICE -> argv.addAll(List.of(type == FileStat.Type.CHARACTER_DEVICE ? "c" : "b",
                    Long.toString(major(device)), Long.toString(minor(device))));
            default -> throw new IllegalArgumentException("mknod makes fifos and devices, not " + type);
        }
        ChildProcess.Outcome made = ChildProcess.run(argv, OutputStream.nullOutputStream());
        return made.succeeded() ? Optional.empty() : Optional.of(made.lastError());
    }

    /** The major number of a device number ({@code st_rdev}, Linux encoding, as glibc's {@code major}). */
    public static long major(long device) {
        return ((device >>> 8) & 0xfff) | ((device >>> 32) & ~0xfffL);
    }

    /** The minor number of a device number, as glibc's {@code minor}. */
    public static long minor(long device) {
        return (device & 0xff) | ((device >>> 12) & ~0xffL);
    }

    /** The device number of {@code major} and {@code minor}, as glibc's {@code makedev}. */
    public static long device(long major, long minor) {
        return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffL) << 12) | ((major & ~0xfffL) << 32);
    }
}
