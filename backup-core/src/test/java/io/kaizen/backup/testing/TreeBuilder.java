package io.kaizen.backup.testing;

import io.kaizen.backup.fs.NativeNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * Builds test trees on the real disk: files, directories, symlinks, hard links, modes (setuid, sticky...),
 * owners, mtimes, extended attributes and POSIX ACLs. Names are '/'-separated relative paths, given as strings or raw bytes (for names that
 * are not valid UTF-8). Shared by store, engine, collector and restore tests.
 */
public final class TreeBuilder {
    private final Path root;

    private TreeBuilder(Path root) {
        this.root = root;
    }

    public static TreeBuilder at(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TreeBuilder(root);
    }

    public Path root() {
        return root;
    }

    /** The path of a relative name below the root, byte for byte. */
    public Path path(byte[] relative) {
        return NativeNames.resolve(root, relative);
    }

    public Path path(String relative) {
        return path(relative.getBytes(StandardCharsets.UTF_8));
    }

    public TreeBuilder file(String relative, String content) {
        return file(relative.getBytes(StandardCharsets.UTF_8), content.getBytes(StandardCharsets.UTF_8));
    }

    public TreeBuilder file(byte[] relative, byte[] content) {
        Path path = path(relative);
        return run(() -> {
            Files.createDirectories(path.getParent());
            Files.write(path, content);
        });
    }

    public TreeBuilder dir(String relative) {
        return run(() -> Files.createDirectories(path(relative)));
    }

    public TreeBuilder symlink(String relative, String target) {
        return symlink(relative.getBytes(StandardCharsets.UTF_8), target);
    }

    public TreeBuilder symlink(byte[] relative, String target) {
        Path path = path(relative);
        return run(() -> {
            Files.createDirectories(path.getParent());
            Files.createSymbolicLink(path, path.getFileSystem().getPath(target));
        });
    }

    /** Makes {@code relative} another name (hard link) of the existing file {@code existing}. */
    public TreeBuilder hardlink(String relative, String existing) {
        Path path = path(relative);
        return run(() -> {
            Files.createDirectories(path.getParent());
            Files.createLink(path, path(existing));
        });
    }

    /** Sets permission bits including setuid (04000), setgid (02000) and sticky (01000), via chmod. */
    public TreeBuilder mode(String relative, int mode) {
        return exec("chmod", String.format("%04o", mode), path(relative).toString());
    }

    public TreeBuilder permissions(String relative, String rwx) {
        return run(() -> Files.setPosixFilePermissions(path(relative), PosixFilePermissions.fromString(rwx)));
    }

    public TreeBuilder owner(String relative, int uid, int gid) {
        return run(() -> {
            Files.setAttribute(path(relative), "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path(relative), "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        });
    }

    public TreeBuilder mtime(String relative, Instant time) {
        return mtime(relative.getBytes(StandardCharsets.UTF_8), time);
    }

    /** Sets the mtime without following a symlink. */
    public TreeBuilder mtime(byte[] relative, Instant time) {
        return run(() -> Files.getFileAttributeView(path(relative),
                java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(time), null, null));
    }

    /**
     * Sets the extended attribute {@code name} without following a symlink, with setfattr: {@code value} as setfattr
     * reads it (text, {@code 0x}-prefixed hex, {@code 0s}-prefixed base64).
     */
    public TreeBuilder xattr(String relative, String name, String value) {
        return exec("setfattr", "-h", "-n", name, "-v", value, "--", path(relative).toString());
    }

    /** Adds entries to the access ACL, with setfacl: {@code spec} as {@code setfacl -m} reads it, e.g. u:1234:rw. */
    public TreeBuilder acl(String relative, String spec) {
        return exec("setfacl", "-m", spec, "--", path(relative).toString());
    }

    /** Adds entries to a directory's default ACL (what entries made in it inherit), with {@code setfacl -d -m}. */
    public TreeBuilder defaultAcl(String relative, String spec) {
        return exec("setfacl", "-d", "-m", spec, "--", path(relative).toString());
    }

    public TreeBuilder fifo(String relative) {
        return exec("mkfifo", path(relative).toString());
    }

    /** Runs a command (e.g. to make sparse files); fails the test if it fails. */
    public TreeBuilder exec(String... command) {
        return run(() -> {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        });
    }

    private TreeBuilder run(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return this;
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException, InterruptedException;
    }
}
