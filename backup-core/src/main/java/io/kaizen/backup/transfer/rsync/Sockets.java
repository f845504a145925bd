package io.kaizen.backup.transfer.rsync;

import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.transfer.FilterRules;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The unix sockets a transfer would copy. rsync copies sockets (with {@code -a}), and has no option that leaves
 * out sockets but keeps fifos ({@code --no-specials} drops both); the engine contract (README) skips sockets with
 * a warning, as the Java engine does. So the rsync engine lists them first with {@code find SOURCE -type s}
 * (which on most file systems reads only directory entries) and excludes each by an anchored rule put before the
 * request's own. Sockets in excluded directories, or excluded themselves, are left out, as the Java engine never
 * sees them. A socket whose name is not UTF-8 cannot be written as a rule: rsync copies it.
 */
final class Sockets {
    private Sockets() {
    }

    /**
     * The sockets below {@code source} that {@code filters} do not exclude and whose names are UTF-8, as paths
     * relative to '/'. A directory find cannot read is left for rsync to report; what find listed still counts.
     */
    static List<byte[]> find(Path source, FilterRules filters) {
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        ChildProcess.run(List.of("find", source.toString(), "-type", "s", "-print0"), listing);
        byte[] sourceRelative = NativeNames.bytes(source.getRoot().relativize(source));
        List<byte[]> sockets = new ArrayList<>();
        byte[] all = listing.toByteArray();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == 0) {
                byte[] relative = Arrays.copyOfRange(all, start + 1, i);
                if (utf8(relative).isPresent() && !excluded(relative, sourceRelative.length, filters)) {
                    sockets.add(relative);
                }
                start = i + 1;
            }
        }
        return sockets;
    }

    /** One anchored exclude rule per socket {@link #find} returned. */
    static FilterRules excludes(List<byte[]> sockets) {
        return FilterRules.parse(sockets.stream()
                .map(s -> "- /" + escaped(new String(s, StandardCharsets.UTF_8))).toList());
    }

    /** Whether the filters leave the socket out: it, or one of its directories below the source. */
    private static boolean excluded(byte[] relative, int sourceLength, FilterRules filters) {
        for (int i = sourceLength + 1; i < relative.length; i++) {
            if (relative[i] == '/' && filters.excludes(Arrays.copyOf(relative, i), true)) {
                return true;
            }
        }
        return relative.length > sourceLength && filters.excludes(relative, false);
    }

    /** rsync reads a backslash as an escape only in a pattern with a wildcard; then every special is escaped. */
    private static String escaped(String name) {
        if (name.chars().noneMatch(c -> c == '*' || c == '?' || c == '[')) {
            return name;
        }
        return name.replaceAll("([\\\\*?\\[])", "\\\\$1");
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
