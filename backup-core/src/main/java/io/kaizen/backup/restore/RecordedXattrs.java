package io.kaizen.backup.restore;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.fs.ExtendedAttributes;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.Xattrs;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.XattrsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Gives back, below a restore target, the extended attributes a collector recorded in a snapshot's
 * {@code .kaizen/xattrs} instead of making them live in its store (docs/FORMAT.md): file capabilities, SELinux
 * labels, {@code trusted.} attributes. Run after {@link RecordedSpecials} (whose chown would clear a capability).
 * An entry the restore left alone (a file newer in the target) is not touched.
 */
final class RecordedXattrs {
    private RecordedXattrs() {
    }

    /**
     * Sets the recorded attributes of {@code snapshot} that lie within {@code relative} below {@code target}, each
     * beside the attributes the entry already has; on a dry run only lists them, in {@code changes}.
     */
    static void apply(Snapshot snapshot, byte[] relative, Path target, boolean dryRun, List<String> changes) {
        ExtendedAttributes xattrs = ExtendedAttributes.forThisProcess();
        try (XattrsFile.Reader reader = XattrsFile.Reader.open(snapshot.dir())) {
            Optional<XattrsFile.Entry> next;
            while ((next = reader.next()).isPresent()) {
                XattrsFile.Entry entry = next.get();
                Optional<Path> restoredTo = RecordedEntries.target(XattrsFile.of(snapshot.dir()), entry.relative(),
                        relative, target);
                if (restoredTo.isEmpty()
                        || !restored(NativeNames.resolve(snapshot.dir(), entry.relative()), restoredTo.get())) {
                    continue;
                }
                Path path = restoredTo.get();
                changes.add(NativeNames.display(path) + ": " + entry.attribute() + " (recorded)");
                if (!dryRun) {
                    SortedMap<String, byte[]> values = new TreeMap<>(xattrs.read(path).values());
                    values.put(entry.attribute(), entry.value());
                    xattrs.write(path, new Xattrs(values), false);
                }
            }
        } catch (IOException e) {
            throw new KaizenException("cannot set the recorded extended attributes of " + snapshot.name() + " below "
                    + target + ": " + e.getMessage(), e);
        }
    }

    /** Whether the entry at {@code restored} is the stored one: same type, and for a file same size and mtime. */
    private static boolean restored(Path stored, Path restored) throws IOException {
        if (!Files.exists(restored, LinkOption.NOFOLLOW_LINKS) || !Files.exists(stored, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        PosixFileAttributes a = Files.readAttributes(stored, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes b = Files.readAttributes(restored, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isRegularFile() != b.isRegularFile() || a.isDirectory() != b.isDirectory()
                || a.isSymbolicLink() != b.isSymbolicLink()) {
            return false;
        }
        return !a.isRegularFile() || (a.size() == b.size() && a.lastModifiedTime().equals(b.lastModifiedTime()));
    }
}
