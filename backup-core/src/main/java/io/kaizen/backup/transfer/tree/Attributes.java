package io.kaizen.backup.transfer.tree;

import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.store.FileStat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Sets what rsync -a preserves on an entry just made: owner (as root), permission bits, mtime. */
final class Attributes {
    private final boolean root;

    Attributes(boolean root) {
        this.root = root;
    }

    /**
     * Owner first (chown clears setuid/setgid), then mode, then mtime; symlinks get owner and mtime only. The JDK
     * opens a file to change its mode or times, which would block on a FIFO and has side effects on devices, so
     * for those chmod(1) and touch(1) do it.
     */
    void apply(Path path, FileStat stat) throws IOException {
        boolean symlink = stat.type() == FileStat.Type.SYMLINK;
        boolean special = !symlink && !stat.isFile() && !stat.isDirectory();
        if (root) {
            Files.setAttribute(path, "unix:uid", stat.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", stat.gid(), LinkOption.NOFOLLOW_LINKS);
        }
        if (special) {
            long seconds = Math.floorDiv(stat.mtimeNanos(), 1_000_000_000L);
            long nanos = Math.floorMod(stat.mtimeNanos(), 1_000_000_000L);
            run(List.of("chmod", String.format("%04o", stat.mode()), "--", path.toString()));
            run(List.of("touch", "-h", "-m", "-d", String.format("@%d.%09d", seconds, nanos), "--", path.toString()));
            return;
        }
        if (!symlink) {
            Files.setAttribute(path, "unix:mode", stat.mode(), LinkOption.NOFOLLOW_LINKS);
        }
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(stat.mtimeNanos(), TimeUnit.NANOSECONDS), null, null);
    }

    private static void run(List<String> argv) throws IOException {
        ChildProcess.Outcome outcome = ChildProcess.run(argv, OutputStream.nullOutputStream());
        if (!outcome.succeeded()) {
            throw new IOException(String.join(" ", argv) + " failed: " + outcome.lastError());
        }
    }
}
