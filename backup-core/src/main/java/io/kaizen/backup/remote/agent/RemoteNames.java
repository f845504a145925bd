package io.kaizen.backup.remote.agent;

import io.kaizen.backup.store.NativeNames;
import io.kaizen.backup.store.Snapshot;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks relative paths that cross the wire (either way): '/'-separated bytes, not empty, no leading or
 * trailing '/', no empty, {@code .} or {@code ..} component, no NUL, at most {@value AgentProtocol#MAX_PATH}
 * bytes and {@value AgentProtocol#MAX_NAME} per component, and not the snapshot's own {@code .kaizen}
 * metadata directory. Pure.
 */
public final class RemoteNames {
    private static final byte[] META = Snapshot.META_DIR.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private RemoteNames() {
    }

    /** Why {@code path} is not an acceptable relative path, or empty if it is. */
    public static Optional<String> problem(byte[] path) {
        if (path.length == 0) {
            return Optional.of("empty name");
        }
        if (path.length > AgentProtocol.MAX_PATH) {
            return Optional.of("name longer than " + AgentProtocol.MAX_PATH + " bytes");
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
                if (length > AgentProtocol.MAX_NAME) {
                    return Optional.of("component longer than " + AgentProtocol.MAX_NAME + " bytes");
                }
                if (path[start] == '.' && (length == 1 || (length == 2 && path[start + 1] == '.'))) {
                    return Optional.of("'" + (length == 1 ? "." : "..") + "' component");
                }
                if (start == 0 && Arrays.equals(path, 0, length, META, 0, META.length)) {
                    return Optional.of("the snapshot's metadata directory");
                }
                start = i + 1;
            }
        }
        return Optional.empty();
    }

    /** {@code path} if acceptable, else an {@link AgentException} naming it and the problem. */
    public static byte[] require(byte[] path, String what) {
        problem(path).ifPresent(p -> {
            throw AgentException.untrusted(what + " '" + NativeNames.display(path) + "' refused: " + p);
        });
        return path;
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
