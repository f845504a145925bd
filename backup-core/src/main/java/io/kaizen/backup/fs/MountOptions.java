package io.kaizen.backup.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The mount a path lies on and that mount's options, from {@code /proc/self/mountinfo} (proc(5)): the mount
 * whose mount point is the longest ancestor of the path's real location, the last one listed winning when
 * mounts are stacked.
 */
public record MountOptions(Path mountPoint, Set<String> options) {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** The mount {@code path} (or its nearest existing ancestor) lies on, if this system lists one. */
    public static Optional<MountOptions> of(Path path) throws IOException {
        return of(RealPaths.ofNearestExisting(path), Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8));
    }

    /** The mount {@code real}, a real absolute path, lies on, by these mountinfo lines. */
    static Optional<MountOptions> of(Path real, List<String> mountinfo) {
        MountOptions best = null;
        for (String line : mountinfo) {
            String[] fields = line.split(" ");
            if (fields.length < 6) {
                continue;
            }
            Path point = Path.of(unescape(fields[4]));
            if (real.startsWith(point) && (best == null || point.getNameCount() >= best.mountPoint().getNameCount())) {
                best = new MountOptions(point, Set.copyOf(Arrays.asList(fields[5].split(","))));
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether the mount has every one of {@code wanted}. */
    public boolean has(String... wanted) {
        return options.containsAll(List.of(wanted));
    }

    /** mountinfo writes space, tab, newline and backslash in paths as octal escapes ({@code \040}). */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
