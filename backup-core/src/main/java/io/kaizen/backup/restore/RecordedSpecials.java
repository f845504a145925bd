package io.kaizen.backup.restore;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.fs.Attributes;
import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.RelativePaths;
import io.kaizen.backup.fs.SpecialFile;
import io.kaizen.backup.store.SpecialsFile;
import io.kaizen.backup.store.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * Makes live again, below a restore target, what a collector recorded in a snapshot's {@code .kaizen/specials}
 * instead of keeping it live in its store (docs/FORMAT.md): device nodes are made with their number, mode, owner
 * and mtime (and their directory gets back the mtime the snapshot gives it); a regular file rsync restored gets
 * back its set-id bits. A file the restore left alone (newer in the
 * target) is not touched; an existing entry where a device belongs is replaced only with force.
 */
final class RecordedSpecials {
    private RecordedSpecials() {
    }

    /**
     * Applies the recorded entries of {@code snapshot} that lie within {@code relative} below {@code target}; on a
     * dry run only lists them. What is done or would be done goes to {@code changes}, what is left to {@code kept}.
     */
    static void apply(Snapshot snapshot, byte[] relative, Path target, boolean dryRun, boolean force,
                      List<String> changes, List<String> kept) {
        Attributes attributes = Attributes.forThisProcess();
        try {
            for (SpecialsFile.Entry entry : SpecialsFile.read(snapshot.dir())) {
                Optional<Path> restoredTo = RecordedEntries.target(SpecialsFile.of(snapshot.dir()), entry.relative(),
                        relative, target);
                if (restoredTo.isEmpty()) {
                    continue;
                }
                Path path = restoredTo.get();
                String shown = NativeNames.display(path);
                long mtime = entry.mtimeSeconds() * 1_000_000_000L + entry.mtimeNanos();
                if (entry.type() == SpecialsFile.Type.SET_ID_FILE) {
                    Path stored = NativeNames.resolve(snapshot.dir(), entry.relative());
                    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || !sameContent(stored, path)) {
                        continue;
                    }
                    changes.add(shown + ": mode " + String.format("%04o", entry.mode()) + " (set-id, recorded)");
                    if (!dryRun) {
                        attributes.apply(path, new FileStat(FileStat.Type.FILE, entry.mode(), entry.uid(), entry.gid(),
                                1, 0, mtime, null));
                    }
                    continue;
                }
                FileStat.Type type = entry.type() == SpecialsFile.Type.CHARACTER_DEVICE
                        ? FileStat.Type.CHARACTER_DEVICE : FileStat.Type.BLOCK_DEVICE;
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    if (!force || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                        kept.add(NativeNames.display(entry.relative()));
                        continue;
                    }
                    if (!dryRun) {
                        Files.delete(path);
                    }
                }
                changes.add(shown + ": " + (type == FileStat.Type.CHARACTER_DEVICE ? "character" : "block")
                        + " device " + entry.major() + "," + entry.minor() + " (recorded)");
                if (dryRun) {
                    continue;
                }
                if (!Files.isDirectory(path.getParent(), LinkOption.NOFOLLOW_LINKS)) {
                    throw new KaizenException("cannot make device " + shown + ": its parent is not a directory");
                }
                SpecialFile.make(path, type, SpecialFile.device(entry.major(), entry.minor())).ifPresent(error -> {
                    throw new KaizenException("cannot make device " + shown + ": " + error);
                });
                attributes.apply(path, new FileStat(type, entry.mode(), entry.uid(), entry.gid(), 1, 0, mtime, null));
                Path storedParent = NativeNames.resolve(snapshot.dir(), RelativePaths.parent(entry.relative()));
                if (Files.isDirectory(storedParent, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setLastModifiedTime(path.getParent(), Files.getLastModifiedTime(storedParent,
                            LinkOption.NOFOLLOW_LINKS));
                }
            }
        } catch (IOException e) {
            throw new KaizenException("cannot recreate the recorded devices and set-id files of " + snapshot.name()
                    + " below " + target + ": " + e.getMessage(), e);
        }
    }

    private static boolean sameContent(Path stored, Path restored) throws IOException {
        PosixFileAttributes a = Files.readAttributes(stored, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes b = Files.readAttributes(restored, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return a.size() == b.size() && a.lastModifiedTime().equals(b.lastModifiedTime());
    }
}
