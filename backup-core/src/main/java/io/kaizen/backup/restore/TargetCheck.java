package io.kaizen.backup.restore;

import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.ProcessIdentity;
import io.kaizen.backup.fs.RealPaths;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a restore checks of its target before it writes (README.md, "restore"), since it runs as root into a
 * tree that other users may reach: every existing directory on the way to the destination, from {@code /} down,
 * must be writable only by its owner (or be sticky, as {@code /tmp} is) and owned by root or by us, else another
 * user could swap a directory for a symlink while rsync writes; and no entry below the target on the way to the
 * destination may be a symlink where the snapshot has a directory (rsync would replace the link by a real
 * directory; with {@code --to /} that turns a symlinked system directory into a copy). Read-only.
 */
final class TargetCheck {
    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int STICKY = 01000;

    private TargetCheck() {
    }

    /**
     * The problems of restoring {@code relative} (as in the snapshot) below {@code target}; {@code directory}
     * says whether the snapshot's entry at {@code relative} itself is a directory.
     */
    static List<String> problems(Path target, byte[] relative, boolean directory) throws IOException {
        List<String> problems = new ArrayList<>();
        int uid = ProcessIdentity.current().uid();
        Path real = RealPaths.ofNearestExisting(target);
        for (int depth = 0; depth <= real.getNameCount(); depth++) {
            Path dir = depth == 0 ? real.getRoot() : real.getRoot().resolve(real.subpath(0, depth));
            Optional<FileStat> stat = lstat(dir);
            if (stat.isEmpty()) {
                break;
            }
            unsafeDirectory(dir, stat.get(), uid).ifPresent(problems::add);
        }
        for (int end = 0; end <= relative.length; end++) {
            if (end == relative.length || relative[end] == '/') {
                if (end == 0) {
                    continue;
                }
                Path entry = NativeNames.resolve(target, Arrays.copyOf(relative, end));
                Optional<FileStat> stat = lstat(entry);
                if (stat.isEmpty()) {
                    break;
                }
                boolean wantsDirectory = end < relative.length || directory;
                if (stat.get().type() == FileStat.Type.SYMLINK && wantsDirectory) {
                    problems.add(entry + " is a symlink where the snapshot has a directory (restoring would replace"
                            + " the link by a real directory)");
                    break;
                }
                if (end < relative.length) {
                    unsafeDirectory(entry, stat.get(), uid).ifPresent(problems::add);
                }
            }
        }
        return problems;
    }

    /** Why another user could change what {@code dir} holds, if one could. */
    private static Optional<String> unsafeDirectory(Path dir, FileStat stat, int uid) {
        if (stat.type() != FileStat.Type.DIRECTORY) {
            return Optional.empty();
        }
        if ((stat.mode() & GROUP_OR_OTHER_WRITE) != 0 && (stat.mode() & STICKY) == 0) {
            return Optional.of(dir + " is writable by other users (mode " + String.format("%04o", stat.mode()) + ")");
        }
        if (stat.uid() != 0 && stat.uid() != uid) {
            return Optional.of(dir + " is owned by uid " + stat.uid() + ", who can change what it holds");
        }
        return Optional.empty();
    }

    private static Optional<FileStat> lstat(Path path) throws IOException {
        try {
            return Optional.of(FileStat.of(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
