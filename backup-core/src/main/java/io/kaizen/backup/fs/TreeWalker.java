package io.kaizen.backup.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A depth-first walk of a tree in {@link NativeNames#TREE_ORDER}, streamed: memory holds one directory's
 * names per level, never the whole tree. Symlinks are reported, not followed. Entries that vanish between the
 * listing and their stat are skipped (the caller sees the tree as it is at stat time).
 */
public final class TreeWalker implements Iterator<TreeEntry> {
    private final Path root;
    private final Predicate<TreeEntry> descend;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private TreeEntry next;

    private TreeWalker(Path root, Set<String> skippedTopLevelNames, Predicate<TreeEntry> descend) {
        this.root = root;
        this.descend = descend;
        stack.push(new Frame(new byte[0], children(root, skippedTopLevelNames)));
    }

    /** Walks everything below {@code root} (not {@code root} itself), leaving out the given top-level names. */
    public static TreeWalker walk(Path root, Set<String> skippedTopLevelNames) {
        return new TreeWalker(root, skippedTopLevelNames, entry -> true);
    }

    /**
     * Walks everything below {@code root} (not {@code root} itself), but not below the directories {@code descend}
     * refuses (they are reported, their contents are neither listed nor returned).
     */
    public static TreeWalker walk(Path root, Predicate<TreeEntry> descend) {
        return new TreeWalker(root, Set.of(), descend);
    }

    /**
     * Walks everything below {@code root} (not {@code root} itself), leaving out the given top-level names, and not
     * below the directories {@code descend} refuses (they are reported, their contents are neither listed nor
     * returned).
     */
    public static TreeWalker walk(Path root, Set<String> skippedTopLevelNames, Predicate<TreeEntry> descend) {
        return new TreeWalker(root, skippedTopLevelNames, descend);
    }

    @Override
    public boolean hasNext() {
        while (next == null && !stack.isEmpty()) {
            Frame frame = stack.peek();
            if (!frame.names.hasNext()) {
                stack.pop();
                continue;
            }
            byte[] relative = NativeNames.child(frame.relative, frame.names.next());
            Path path = NativeNames.resolve(root, relative);
            PosixFileAttributes attributes = stat(path);
            if (attributes == null) {
                continue;
            }
            next = new TreeEntry(relative, path, attributes);
            if (attributes.isDirectory() && descend.test(next)) {
                stack.push(new Frame(relative, children(path, Set.of())));
            }
        }
        return next != null;
    }

    @Override
    public TreeEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        TreeEntry entry = next;
        next = null;
        return entry;
    }

    private static PosixFileAttributes stat(Path path) {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + NativeNames.display(path), e);
        }
    }

    private static Iterator<byte[]> children(Path dir, Set<String> skipped) {
        List<byte[]> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Path name = entry.getFileName();
                if (!skipped.contains(name.toString())) {
                    names.add(NativeNames.bytes(name));
                }
            }
        } catch (NoSuchFileException e) {
            return List.<byte[]>of().iterator();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + NativeNames.display(dir), e);
        }
        names.sort(Arrays::compareUnsigned);
        return names.iterator();
    }

    private record Frame(byte[] relative, Iterator<byte[]> names) {
    }
}
