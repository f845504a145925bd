package io.kaizen.backup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An XFS file system with reflinks in a sparse image file under /tmp, loop-mounted (needs root, xfsprogs and
 * loop devices). {@link #close()} unmounts it and removes the image.
 */
public final class XfsImage implements AutoCloseable {
    private final Path image;
    private final Path mountPoint;

    private XfsImage(Path image, Path mountPoint) {
        this.image = image;
        this.mountPoint = mountPoint;
    }

    /**
     * Makes and mounts a file system of {@code bytes}; a {@link MountUnavailable} when this machine cannot
     * loop-mount (a container without loop devices), any other failure is an error.
     */
    public static XfsImage create(long bytes) {
        Path work = null;
        try {
            work = Files.createTempDirectory(Path.of("/tmp"), "kaizen-xfs");
            Path image = work.resolve("fs.img");
            Path mountPoint = Files.createDirectory(work.resolve("mnt"));
            Commands.run("truncate", "-s", Long.toString(bytes), image.toString());
            Commands.run("mkfs.xfs", "-q", "-m", "reflink=1", image.toString());
            Commands.Result mount = Commands.tryRun(List.of("mount", "-o", "loop", image.toString(), mountPoint.toString()),
                    Map.of(), null, 60);
            if (mount.exitCode() != 0) {
                Commands.removeTree(work);
                throw new MountUnavailable("mount -o loop failed here: " + mount.stderr().strip());
            }
            return new XfsImage(image, mountPoint);
        } catch (IOException e) {
            Commands.removeTree(work);
            throw new UncheckedIOException(e);
        }
    }

    public Path mountPoint() {
        return mountPoint;
    }

    /** Bytes allocated on the file system, after flushing it. */
    public long usedBytes() {
        Commands.run("sync", "--file-system", mountPoint.toString());
        try {
            FileStore store = Files.getFileStore(mountPoint);
            return store.getTotalSpace() - store.getUnallocatedSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unmounts and mounts again (releases XFS's copy-on-write reservations, so usage is exact). */
    public void remount() {
        Commands.run("umount", mountPoint.toString());
        Commands.run("mount", "-o", "loop", image.toString(), mountPoint.toString());
    }

    @Override
    public void close() {
        Commands.tryRun(List.of("umount", mountPoint.toString()), Map.of(), null, 60);
        Commands.removeTree(image.getParent());
    }

    /** This machine cannot loop-mount a file system. */
    public static final class MountUnavailable extends RuntimeException {
        MountUnavailable(String message) {
            super(message);
        }
    }
}
