package io.kaizen.backup.fs;

import io.kaizen.backup.process.ChildProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/** Sets what rsync -a preserves on an entry just made: owner (as root), permission bits, mtime. */
public final class Attributes {
    private static final int PERMISSIONS = 0777;
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private static final List<FileAttribute<Set<PosixFilePermission>>> CREATION_MODES =
            IntStream.rangeClosed(0, PERMISSIONS)
                    .mapToObj(mode -> PosixFilePermissions.asFileAttribute(permissions(mode))).toList();

    private final int uid;
    private final int gid;
    private final int umask;

    /** uid and gid -1: not known (owners are then never set); umask -1: not known (modes are always set). */
    private Attributes(int uid, int gid, int umask) {
        this.uid = uid;
        this.gid = gid;
        this.umask = umask;
    }

    /**
     * For this process: owners are set only when it runs as root, as rsync does. Its uid, gid and umask (from
     * {@code /proc/self}) tell what a new file already has, so only what differs is set.
     */
    public static Attributes forThisProcess() {
        ProcessIdentity self = ProcessIdentity.current();
        return new Attributes(self.uid(), self.gid(), self.umask());
    }

    /** Whether owners are set (and so compared by the quick check). */
    public boolean setsOwners() {
        return uid == 0;
    }

    /**
     * Owner first (chown clears setuid/setgid), then mode, then mtime; symlinks get owner and mtime only. The JDK
     * opens a file to change its mode or times, which would block on a FIFO and has side effects on devices, so
     * for those chmod(1) sets the mode. The JDK sets uid and gid in two calls, each leaving the other as it
     * is, which file systems that keep no owners refuse (exFAT through FUSE), so only an owner that differs is set.
     * The mtime of a symlink or special file is set to the nanosecond, as rsync keeps it, by {@code utimensat}
     * without following the entry ({@link OpenDirectory#setMtime}).
     */
    public void apply(Path path, FileStat stat) throws IOException {
        boolean symlink = stat.type() == FileStat.Type.SYMLINK;
        boolean special = !symlink && !stat.isFile() && !stat.isDirectory();
        if (setsOwners()) {
            FileStat now = FileStat.of(path);
            if (now.uid() != stat.uid()) {
                setOwner(path, "unix:uid", stat.uid());
            }
            if (now.gid() != stat.gid()) {
                setOwner(path, "unix:gid", stat.gid());
            }
        }
        if (special) {
            run(List.of("chmod", String.format("%04o", stat.mode()), "--", path.toString()));
            setSymlinkMtime(path, stat.mtimeNanos());
            return;
        }
        if (symlink) {
            setSymlinkMtime(path, stat.mtimeNanos());
            return;
        }
        Files.setAttribute(path, "unix:mode", stat.mode(), LinkOption.NOFOLLOW_LINKS);
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(stat.mtimeNanos(), TimeUnit.NANOSECONDS), null, null);
    }

    /** The permission bits to create a copy of a regular file with (the umask still applies). */
    public FileAttribute<Set<PosixFilePermission>> creationMode(FileStat stat) {
        return CREATION_MODES.get(stat.mode() & PERMISSIONS);
    }

    /**
     * Sets owner, mode and mtime on a regular file this process just created with {@link #creationMode} in a
     * directory whose new entries get group {@code groupOfNewFiles}: only what differs from what the file was
     * created with is changed (one system call per attribute the JDK offers no cheaper way to set).
     */
    public void applyToNewFile(Path path, FileStat stat, int groupOfNewFiles) throws IOException {
        if (setsOwners() && stat.uid() != uid) {
            setOwner(path, "unix:uid", stat.uid());
        }
        if (setsOwners() && stat.gid() != groupOfNewFiles) {
            setOwner(path, "unix:gid", stat.gid());
        }
        if (!createdWithMode(stat.mode())) {
            Files.setAttribute(path, "unix:mode", stat.mode(), LinkOption.NOFOLLOW_LINKS);
        }
        Files.getFileAttributeView(path, BasicFileAttributeView.class)
                .setTimes(FileTime.from(stat.mtimeNanos(), TimeUnit.NANOSECONDS), FileTime.from(Instant.now()), null);
    }

    /**
     * Sets owner, mode and mtime, as {@link #applyToNewFile(Path, FileStat, int)} does, on a file created with
     * {@link #creationMode} and still open, through its descriptor.
     */
    public void applyToNewFile(OpenFile file, FileStat stat, int groupOfNewFiles) throws IOException {
        boolean uidDiffers = setsOwners() && stat.uid() != uid;
        boolean gidDiffers = setsOwners() && stat.gid() != groupOfNewFiles;
        if (uidDiffers || gidDiffers) {
            file.setOwner(uidDiffers ? stat.uid() : -1, gidDiffers ? stat.gid() : -1);
        }
        if (!createdWithMode(stat.mode())) {
            file.setMode(stat.mode());
        }
        file.setTimes(stat.mtimeNanos());
    }

    /**
     * Sets a uid or gid; a refusal (EPERM: the file system keeps no owners, or maps them all to one) names the
     * file system and what to do.
     */
    private static void setOwner(Path path, String attribute, int id) throws IOException {
        try {
            Files.setAttribute(path, attribute, id, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            if (e instanceof NoSuchFileException || !"Operation not permitted".equals(e.getReason())) {
                throw e;
            }
            throw new FileSystemException(path.toString(), null, "cannot set the owner (" + attribute.substring(5)
                    + " " + id + "): Operation not permitted; " + chownRefused(Files.getFileStore(path).type()));
        }
    }

    /** What to tell when a file system of {@code type} refuses chown, for either engine. */
    public static String chownRefused(String type) {
        return "the file system (type " + type + ") refuses chown: keep the store on a file system with Unix owners "
                + "(ext4, XFS, Btrfs), or run as a user other than root, which keeps no owners";
    }

    /** The group new entries get in a directory: its own if it has the setgid bit, else this process's. */
    public int groupOfNewFiles(FileStat directory) {
        return (directory.mode() & 02000) != 0 ? directory.gid() : gid;
    }

    /**
     * Whether a file created with {@link #creationMode} already has {@code mode}: no setuid, setgid or sticky bit
     * (creation does not set them, and a change of owner would clear them) and no permission bit the umask removed.
     */
    boolean createdWithMode(int mode) {
        return umask >= 0 && (mode & ~PERMISSIONS) == 0 && (mode & umask) == 0;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(BITS[bit]);
            }
        }
        return set;
    }

    /** Sets a symlink's own mtime (or a special file's) to the nanosecond, without following it. */
    public static void setSymlinkMtime(Path link, long mtimeNanos) throws IOException {
        OpenDirectory.workingDirectory().setMtime(NativeNames.bytes(link), mtimeNanos);
    }

    private static void run(List<String> argv) throws IOException {
        ChildProcess.Outcome outcome = ChildProcess.run(argv, OutputStream.nullOutputStream());
        if (!outcome.succeeded()) {
            throw new IOException(String.join(" ", argv) + " failed: " + outcome.lastError());
        }
    }
}
