package io.kaizen.backup.offsite;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.fs.Attributes;
import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.SpecialFile;
import io.kaizen.backup.offsite.target.ObjectTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * {@code kaizen restore --offsite}: restores a path of a node's snapshot straight from tier 3 into a new
 * directory, entry by entry: content, type, mode, owner (as root), mtime (directories' after their children),
 * symlinks, fifos and devices, and hard-link groups. Sockets are not restored (as {@code kaizen restore}'s rsync
 * does not). The tree is read twice: first to find which entries later ones hard-link to.
 */
public final class OffsiteRestorer {
    /**
     * What to restore.
     *
     * @param snapshot {@code latest} or a date
     * @param path     absolute, as on the node; {@code /} is the whole snapshot (with its {@code .kaizen/})
     * @param to       where the path lands under its absolute name; {@code to/path} must not exist yet
     */
    public record Request(String node, String snapshot, Path path, Path to) {
        public Request {
            if (!path.isAbsolute()) {
                throw ConfigException.ofSetting("path", " must be absolute, as on the node: " + path);
            }
            for (Path part : path) {
                if (part.toString().equals("..")) {
                    throw ConfigException.ofSetting("path", " must not contain '..': " + path);
                }
            }
            path = path.normalize();
            to = to.toAbsolutePath().normalize();
        }
    }

    /** What was restored: from which snapshot, where, how many entries and regular files, how many bytes. */
    public record Result(String node, String date, Path destination, long entries, long files, long bytes) {
    }

    private final SnapshotReader reader;
    private final Attributes attributes = Attributes.forThisProcess();
    private long entries;
    private long files;
    private long bytes;

    private OffsiteRestorer(SnapshotReader reader) {
        this.reader = reader;
    }

    public static Result restore(ObjectTarget target, OffsiteKeys keys, Request request) {
        SnapshotReader reader = new SnapshotReader(Repository.open(target, keys));
        SnapshotRoot root = reader.select(request.node(), request.snapshot());
        try {
            return new OffsiteRestorer(reader).restore(root, request);
        } catch (OffsiteException e) {
            throw e.affecting(root.node() + "/" + root.date());
        } catch (IOException e) {
            throw new UncheckedIOException("restore of " + root.node() + "/" + root.date() + " into " + request.to()
                    + " failed: " + e.getMessage(), e);
        }
    }

    private Result restore(SnapshotRoot root, Request request) throws IOException {
        byte[] absolute = NativeNames.bytes(request.path());
        byte[] prefix = Arrays.copyOfRange(absolute, 1, absolute.length);
        Path destination = NativeNames.resolve(request.to(), prefix);
        checkDestination(destination, prefix.length == 0);
        Set<Integer> linkedTo = new HashSet<>();
        boolean found = false;
        Iterator<TreeRecord> first = reader.tree(root);
        while (first.hasNext()) {
            TreeRecord record = first.next();
            if (inside(record.path(), prefix)) {
                found = true;
                if (record.linkTo() >= 0) {
                    linkedTo.add(record.linkTo());
                }
            }
        }
        if (!found && prefix.length > 0) {
            throw new ConfigException(request.path() + " is not in snapshot " + root.node() + "/" + root.date()
                    + " at tier 3");
        }
        Files.createDirectories(prefix.length == 0 ? destination : destination.getParent());
        Map<Integer, Path> restored = new HashMap<>();
        Map<Integer, TreeRecord> outside = new HashMap<>();
        Deque<TreeRecord> directories = new ArrayDeque<>();
        Iterator<TreeRecord> records = reader.tree(root);
        for (int ordinal = 0; records.hasNext(); ordinal++) {
            TreeRecord record = records.next();
            if (!inside(record.path(), prefix)) {
                if (linkedTo.contains(ordinal)) {
                    outside.put(ordinal, record);
                }
                continue;
            }
            while (!directories.isEmpty() && !below(record.path(), directories.peek().path())) {
                finishDirectory(directories.pop(), request.to());
            }
            Path path = NativeNames.resolve(request.to(), record.path());
            entries++;
            switch (record.type()) {
                case DIRECTORY -> {
                    Files.createDirectory(path);
                    directories.push(record);
                }
                case FILE -> restoreFile(record, ordinal, path, restored, outside);
                case SYMLINK -> {
                    Files.createSymbolicLink(path, NativeNames.path(path.getFileSystem(), record.target()));
                    attributes.apply(path, record.stat());
                }
                case FIFO, CHARACTER_DEVICE, BLOCK_DEVICE -> {
                    SpecialFile.make(path, record.type(), record.device()).ifPresent(error -> {
                        throw new UncheckedIOException(new IOException("cannot make " + path + ": " + error));
                    });
                    attributes.apply(path, record.stat());
                }
                case SOCKET -> entries--;
                default -> throw new IllegalStateException("unknown type " + record.type());
            }
            if (linkedTo.contains(ordinal) && record.type() == FileStat.Type.FILE && record.linkTo() < 0) {
                restored.put(ordinal, path);
            }
        }
        while (!directories.isEmpty()) {
            finishDirectory(directories.pop(), request.to());
        }
        return new Result(root.node(), root.date(), destination, entries, files, bytes);
    }

    private void restoreFile(TreeRecord record, int ordinal, Path path, Map<Integer, Path> restored,
                             Map<Integer, TreeRecord> outside) throws IOException {
        if (record.linkTo() >= 0) {
            Path first = restored.get(record.linkTo());
            if (first != null) {
                Files.createLink(path, first);
                return;
            }
            TreeRecord original = outside.get(record.linkTo());
            if (original == null) {
                throw new OffsiteException("entry " + NativeNames.display(record.path()) + " links to entry "
                        + record.linkTo() + ", which is not a regular file of the tree");
            }
            write(original, path);
            restored.put(record.linkTo(), path);
            return;
        }
        write(record, path);
    }

    private void write(TreeRecord record, Path path) throws IOException {
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            reader.content(record, chunk -> {
                try {
                    ByteBuffer buffer = ByteBuffer.wrap(chunk);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + path, e);
                }
            });
        }
        attributes.apply(path, record.stat());
        files++;
        bytes += record.size();
    }

    private void finishDirectory(TreeRecord directory, Path to) throws IOException {
        attributes.apply(NativeNames.resolve(to, directory.path()), directory.stat());
    }

    private static void checkDestination(Path destination, boolean whole) throws IOException {
        if (!Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (whole && Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(destination)) {
                if (!entries.iterator().hasNext()) {
                    return;
                }
            }
        }
        throw new ConfigException("restore destination " + destination + " exists: an offsite restore writes "
                + "into a new (or, for the whole snapshot, empty) directory");
    }

    private static boolean inside(byte[] path, byte[] prefix) {
        return prefix.length == 0 || Arrays.equals(path, prefix) || below(path, prefix);
    }

    private static boolean below(byte[] path, byte[] directory) {
        return path.length > directory.length && path[directory.length] == '/'
                && Arrays.equals(path, 0, directory.length, directory, 0, directory.length);
    }
}
