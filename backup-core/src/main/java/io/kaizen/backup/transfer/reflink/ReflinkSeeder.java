package io.kaizen.backup.transfer.reflink;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.store.ReflinkStats;
import io.kaizen.backup.transfer.TransferRequest;
import io.kaizen.backup.transfer.rsync.RsyncCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Seeds a partial snapshot with reflinked copies of large changed files (see the package description).
 *
 * <p>Which files: exactly those the rsync engine would copy for this request (a dry run of the same command,
 * so the same filters and link-dests decide), of at least {@link #MIN_SIZE} bytes, that are regular files with a
 * single link and exist as regular files in the newest link-dest. Each is copied with {@code cp
 * --reflink=always} (no data is copied), patched block by block from the source, and given the source's mtime,
 * so the engine's quick check finds it up to date. If the source changed while it was read, the seeded copy is
 * removed and the engine copies the file as usual. If the store's file system has no reflinks, nothing is
 * seeded and the result says why.
 */
public final class ReflinkSeeder {
    /** Files smaller than this are left to the engine: reflinking them saves little. */
    public static final long MIN_SIZE = 8L << 20;

    private ReflinkSeeder() {
    }

    /** Seeds what can be seeded for {@code request}; problems are reported in the stats or as exceptions. */
    public static ReflinkStats seed(TransferRequest request) {
        if (request.linkDests().isEmpty()) {
            return ReflinkStats.NONE;
        }
        Path previous = request.linkDests().get(0);
        long files = 0;
        long compared = 0;
        long written = 0;
        try {
            Path partialReal = request.snapshotRoot().toRealPath();
            for (byte[] name : changedFiles(request)) {
                Path source = NativeNames.resolve(Path.of("/"), name);
                Path before = NativeNames.resolve(previous, name);
                Path target = NativeNames.resolve(request.snapshotRoot(), name);
                PosixFileAttributes attributes = regularSingleLink(source);
                if (attributes == null || attributes.size() < MIN_SIZE
                        || !Files.isRegularFile(before, LinkOption.NOFOLLOW_LINKS)
                        || !insideOf(target.getParent(), partialReal)
                        || Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                ChildProcess.Outcome clone = ChildProcess.run(List.of("cp", "--reflink=always", "--",
                        before.toString(), target.toString()), Map.of("LC_ALL", "C"), null,
                        OutputStream.nullOutputStream(), null);
                if (!clone.succeeded()) {
                    Files.deleteIfExists(target);
                    return new ReflinkStats(files, compared, written, "no reflinked copy could be made, so large files "
                            + "were copied whole: " + clone.lastError());
                }
                BlockPatcher.Patched patched = BlockPatcher.patch(source, target);
                PosixFileAttributes after = regularSingleLink(source);
                if (after == null || after.size() != attributes.size()
                        || !after.lastModifiedTime().equals(attributes.lastModifiedTime())) {
                    Files.deleteIfExists(target);
                    continue;
                }
                Files.setLastModifiedTime(target, FileTime.from(attributes.lastModifiedTime().toInstant()));
                files++;
                compared += patched.compared();
                written += patched.written();
            }
        } catch (IOException e) {
            throw new KaizenException("reflinking large files of " + request.source() + " into "
                    + request.snapshotRoot() + ": " + e.getMessage(), e);
        }
        return new ReflinkStats(files, compared, written, null);
    }

    /** The names (relative to /, as bytes) of the files rsync would copy, of at least {@link #MIN_SIZE}. */
    static List<byte[]> changedFiles(TransferRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChildProcess.Outcome outcome = ChildProcess.run(RsyncCommand.changedFiles(request, MIN_SIZE),
                Map.of("LC_ALL", "C"), null, out, null);
        if (!outcome.succeeded() && outcome.exitCode() != 24) {
            throw new KaizenException("rsync --dry-run (to find changed large files) exited with " + outcome.exitCode()
                    + ": " + outcome.lastError());
        }
        return parseItemized(out.toString(StandardCharsets.ISO_8859_1));
    }

    /**
     * Names of regular files to be transferred from {@code %i %n} lines ({@code >f...... /abs/name}), unescaped
     * from rsync's {@code \#ooo}; names holding a backslash are skipped (an escape cannot be told from a literal
     * there), which only means the engine copies them whole.
     */
    static List<byte[]> parseItemized(String output) {
        List<byte[]> names = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.length() < 13 || !line.startsWith(">f") || line.charAt(11) != ' ') {
                continue;
            }
            String escaped = line.substring(12);
            byte[] name = unescape(escaped);
            if (name == null) {
                continue;
            }
            int start = 0;
            while (start < name.length && name[start] == '/') {
                start++;
            }
            names.add(Arrays.copyOfRange(name, start, name.length));
        }
        return names;
    }

    private static byte[] unescape(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '#' && isOctal(text, i + 2)) {
                    int value = Integer.parseInt(text.substring(i + 2, i + 5), 8);
                    if (value == '\\') {
                        return null;
                    }
                    bytes.write(value);
                    i += 4;
                    continue;
                }
                return null;
            }
            bytes.write(c);
        }
        return bytes.toByteArray();
    }

    private static boolean isOctal(String text, int from) {
        if (from + 3 > text.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code dir}, or its nearest existing ancestor, is really (symlinks resolved) inside {@code root}. */
    private static boolean insideOf(Path dir, Path root) throws IOException {
        Path existing = dir;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        return existing != null && existing.toRealPath().startsWith(root);
    }

    /** The attributes of a regular file with one link, or null for anything else (or nothing). */
    private static PosixFileAttributes regularSingleLink(Path path) throws IOException {
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int links = (int) Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        return Objects.equals(links, 1) ? attributes : null;
    }
}
