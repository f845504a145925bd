package io.kaizen.backup.transfer;

import io.kaizen.backup.fs.Attributes;
import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.fs.NativeNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parents of a source inside the snapshot ({@code /var/lib/nova} needs {@code var} and {@code var/lib}), as
 * rsync --relative makes its implied directories: created before the source is copied, and given the node's
 * owner, mode and mtime after it, deepest first, so that copying into them does not leave a later mtime.
 */
public final class ImpliedDirs {
    private final Path snapshotRoot;
    private final Path nodeRoot;
    private final List<byte[]> parents;

    private ImpliedDirs(Path snapshotRoot, Path nodeRoot, List<byte[]> parents) {
        this.snapshotRoot = snapshotRoot;
        this.nodeRoot = nodeRoot;
        this.parents = parents;
    }

    /** Creates the parents of {@code source} (absolute) below {@code snapshotRoot} where missing. */
    public static ImpliedDirs create(Path snapshotRoot, Path source) throws IOException {
        byte[] relative = NativeNames.bytes(source.getRoot().relativize(source));
        List<byte[]> parents = new ArrayList<>();
        for (int i = 0; i < relative.length; i++) {
            if (relative[i] == '/') {
                parents.add(Arrays.copyOf(relative, i));
            }
        }
        for (byte[] parent : parents) {
            Files.createDirectories(NativeNames.resolve(snapshotRoot, parent));
        }
        return new ImpliedDirs(snapshotRoot, source.getRoot(), parents);
    }

    /** Gives each parent the attributes of its original on the node, deepest first. */
    public void finish(Attributes attributes) throws IOException {
        for (int i = parents.size() - 1; i >= 0; i--) {
            byte[] parent = parents.get(i);
            attributes.apply(NativeNames.resolve(snapshotRoot, parent), FileStat.of(NativeNames.resolve(nodeRoot, parent)));
        }
    }
}
