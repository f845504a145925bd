package io.kaizen.backup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small file system of a given kind in a sparse image file under /tmp, mounted through a loop device (needs
 * root): ext4 mounted by the kernel, or exFAT through FUSE (exfatprogs and exfat-fuse), which refuses hard links
 * as FAT and some network file systems do. {@link #close()} unmounts it and removes the image.
 */
public final class FileSystemImage implements AutoCloseable {
    private final Path work;
    private final Path mountPoint;
    private final String loopDevice;

    private FileSystemImage(Path work, Path mountPoint, String loopDevice) {
        this.work = work;
        this.mountPoint = mountPoint;
        this.loopDevice = loopDevice;
    }

    /** An ext4 file system of {@code bytes} (its hard-link limit: 65,000 links per inode). */
    public static FileSystemImage ext4(long bytes) {
        return create(bytes, "kaizen-ext4", List.of("mkfs.ext4", "-q", "-F"), false);
    }

    /** An exFAT file system of {@code bytes}, mounted with {@code mount.exfat-fuse}. */
    public static FileSystemImage exfat(long bytes) {
        return create(bytes, "kaizen-exfat", List.of("mkfs.exfat"), true);
    }

    private static FileSystemImage create(long bytes, String prefix, List<String> mkfs, boolean fuse) {
        Path work = null;
        try {
            work = Files.createTempDirectory(Path.of("/tmp"), prefix);
            Path image = work.resolve("fs.img");
            Path mountPoint = Files.createDirectory(work.resolve("mnt"));
            Commands.run("truncate", "-s", Long.toString(bytes), image.toString());
            Commands.run(concat(mkfs, image.toString()), Map.of(), null, 120);
            if (!fuse) {
                Commands.run("mount", "-o", "loop", image.toString(), mountPoint.toString());
                return new FileSystemImage(work, mountPoint, null);
            }
            String device = Commands.run("losetup", "--find", "--show", image.toString()).strip();
            Commands.Result mount = Commands.tryRun(List.of("mount.exfat-fuse", device, mountPoint.toString()),
                    Map.of(), null, 60);
            if (mount.exitCode() != 0) {
                Commands.run("losetup", "-d", device);
                throw new IllegalStateException("mount.exfat-fuse " + device + " failed: " + mount.stderr()
                        + mount.stdout());
            }
            return new FileSystemImage(work, mountPoint, device);
        } catch (IOException e) {
            Commands.removeTree(work);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            Commands.removeTree(work);
            throw e;
        }
    }

    public Path mountPoint() {
        return mountPoint;
    }

    @Override
    public void close() {
        Commands.Result umount = Commands.tryRun(List.of("umount", mountPoint.toString()), Map.of(), null, 60);
        if (umount.exitCode() != 0) {
            Commands.tryRun(List.of("umount", "-l", mountPoint.toString()), Map.of(), null, 60);
        }
        if (loopDevice != null) {
            Commands.tryRun(List.of("losetup", "-d", loopDevice), Map.of(), null, 60);
        }
        Commands.removeTree(work);
    }

    private static List<String> concat(List<String> argv, String last) {
        List<String> all = new ArrayList<>(argv);
        all.add(last);
        return all;
    }
}
