package io.kaizen.backup.fs;

import java.util.Arrays;
import java.util.Optional;

/**
 * Checks relative paths that come from outside (a node's listing, a sums file, a command line): '/'-separated
 * bytes, not empty, no leading or trailing '/', no empty, {@code .} or {@code ..} component, no NUL, at most
 * {@value #MAX_PATH} bytes and {@value #MAX_NAME} per component. Pure.
 */
public final class RelativePaths {
    /** Longest relative path or symlink target (Linux PATH_MAX). */
    public static final int MAX_PATH = 4096;
    /** Longest single name (Linux NAME_MAX). */
    public static final int MAX_NAME = 255;

    private RelativePaths() {
    }

    /** Why {@code path} is not an acceptable relative path, or empty if it is. */
    public static Optional<String> problem(byte[] path) {
        if (path.length == 0) {
            return Optional.of("empty name");
        }
        if (path.length > MAX_PATH) {
            return Optional.of("name longer than " + MAX_PATH + " bytes");
        }
        if (path[0] == '/') {
            return Optional.of("absolute name");
        }
        int start = 0;
        for (int i = 0; i <= path.length; i++) {
            if (i < path.length && path[i] == 0) {
                return Optional.of("name contains a NUL byte");
            }
            if (i == path.length || path[i] == '/') {
                int length = i - start;
                if (length == 0) {
                    return Optional.of(i == path.length ? "name ends with '/'" : "empty component ('//')");
                }
                if (length > MAX_NAME) {
                    return Optional.of("component longer than " + MAX_NAME + " bytes");
                }
                if (path[start] == '.' && (length == 1 || (length == 2 && path[start + 1] == '.'))) {
                    return Optional.of("'" + (length == 1 ? "." : "..") + "' component");
                }
                start = i + 1;
            }
        }
        return Optional.empty();
    }


    /** The parent of a relative path (empty for a top-level name). */
    public static byte[] parent(byte[] path) {
        for (int i = path.length - 1; i >= 0; i--) {
            if (path[i] == '/') {
                return Arrays.copyOf(path, i);
            }
        }
        return new byte[0];
    }

    /** Whether {@code path} is {@code dir} or lies below it. */
    public static boolean isWithin(byte[] path, byte[] dir) {
        if (dir.length == 0) {
            return true;
        }
        return path.length >= dir.length && Arrays.equals(path, 0, dir.length, dir, 0, dir.length)
                && (path.length == dir.length || path[dir.length] == '/');
    }
}
