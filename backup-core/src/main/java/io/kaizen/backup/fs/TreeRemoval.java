package io.kaizen.backup.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Set;

/**
 * The one way to remove a tree, as {@code rm -rf} does: each directory is opened relative to its parent's open
 * descriptor and each entry removed relative to its directory's ({@code openat}, {@code unlinkat} through the
 * JDK's {@link SecureDirectoryStream}), so a tree deeper than {@code PATH_MAX} is removed like any other, and no
 * symlink is ever followed. Directories without write permission are made writable first (the owner's
 * {@code rwx}). Depth costs one open descriptor per level and no Java stack.
 */
public final class TreeRemoval {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private TreeRemoval() {
    }

    /** Removes {@code top} and everything below it; nothing there is no error. */
    public static void delete(Path top) throws IOException {
        Path absolute = top.toAbsolutePath();
        boolean directory;
        try {
            directory = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .isDirectory();
        } catch (NoSuchFileException e) {
            return;
        }
        if (!directory || absolute.getParent() == null) {
            Files.deleteIfExists(absolute);
            return;
        }
        try (SecureDirectoryStream<Path> parent = open(absolute.getParent())) {
            removeDirectory(parent, absolute.getFileName());
        }
    }

    private static void removeDirectory(SecureDirectoryStream<Path> topParent, Path topName) throws IOException {
        Deque<Level> levels = new ArrayDeque<>();
        try {
            levels.push(Level.open(topParent, topName));
            while (!levels.isEmpty()) {
                Level level = levels.peek();
                if (level.entries.hasNext()) {
                    Path name = level.entries.next().getFileName();
                    if (isDirectory(level.stream, name)) {
                        Level child = Level.open(level.stream, name);
                        if (child != null) {
                            levels.push(child);
                        }
                    } else {
                        deleteEntry(level.stream, name, false);
                    }
                } else {
                    levels.pop().stream.close();
                    deleteEntry(levels.isEmpty() ? topParent : levels.peek().stream, level.name, true);
                }
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        } finally {
            for (Level level : levels) {
                level.stream.close();
            }
        }
    }

    private static boolean isDirectory(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        try {
            return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes().isDirectory();
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static void deleteEntry(SecureDirectoryStream<Path> dir, Path name, boolean directory)
            throws IOException {
        try {
            if (directory) {
                dir.deleteDirectory(name);
            } else {
                dir.deleteFile(name);
            }
        } catch (NoSuchFileException e) {
            // gone already: what was asked
        }
    }

    private static SecureDirectoryStream<Path> open(Path dir) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(dir);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new IOException("cannot remove below " + dir + ": this platform has no descriptor-relative "
                + "directory access");
    }

    /** One open directory being emptied: its name in its parent, its stream and where its listing is. */
    private record Level(Path name, SecureDirectoryStream<Path> stream, Iterator<Path> entries) {
        /** Opens {@code name} below {@code parent}, made writable if it was not; null if it is gone. */
        static Level open(SecureDirectoryStream<Path> parent, Path name) throws IOException {
            SecureDirectoryStream<Path> stream;
            try {
                stream = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return null;
            } catch (AccessDeniedException e) {
                parent.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setPermissions(OWNER_ONLY);
                stream = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
            }
            try {
                PosixFileAttributeView view = stream.getFileAttributeView(PosixFileAttributeView.class);
                if (!view.readAttributes().permissions().contains(PosixFilePermission.OWNER_WRITE)) {
                    view.setPermissions(OWNER_ONLY);
                }
                return new Level(name, stream, stream.iterator());
            } catch (IOException | RuntimeException e) {
                stream.close();
                throw e;
            }
        }
    }
}
