package io.kaizen.backup.testing;

import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.TreeEntry;
import io.kaizen.backup.fs.TreeWalker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every entry of a tree with the facts rsync -aH preserves: type, mode (with setuid/setgid/sticky), uid, gid,
 * mtime in seconds, size, content hash, symlink target, and which other entries share its inode. Two listings
 * compare equal when the trees are equal in all of these; {@link #differences} says where they are not.
 */
public final class TreeListing {
    /** The facts of one entry. {@code linkGroup} is the first name (in tree order) sharing this inode. */
    public record Facts(String type, int mode, int uid, int gid, long mtime, long size, String content,
                        String symlinkTarget, String linkGroup) {
    }

    private final Map<String, Facts> entries;
    private final Map<String, Object> inodes;

    private TreeListing(Map<String, Facts> entries, Map<String, Object> inodes) {
        this.entries = entries;
        this.inodes = inodes;
    }

    /** Lists everything below {@code root}, leaving out the given top-level names. */
    public static TreeListing of(Path root, Set<String> skippedTopLevelNames) {
        Map<String, Facts> entries = new LinkedHashMap<>();
        Map<String, Object> inodes = new HashMap<>();
        Map<Object, String> firstNameOfInode = new HashMap<>();
        TreeWalker walker = TreeWalker.walk(root, skippedTopLevelNames);
        while (walker.hasNext()) {
            TreeEntry entry = walker.next();
            String name = NativeNames.display(entry.relative());
            try {
                Map<String, Object> unix = Files.readAttributes(entry.path(), "unix:mode,uid,gid,ino,dev",
                        LinkOption.NOFOLLOW_LINKS);
                Object inode = entry.attributes().fileKey();
                inodes.put(name, inode);
                String type = entry.attributes().isDirectory() ? "dir" : entry.attributes().isSymbolicLink() ? "symlink"
                        : entry.attributes().isRegularFile() ? "file" : "other";
                String group = type.equals("file") ? firstNameOfInode.computeIfAbsent(inode, k -> name) : null;
                entries.put(name, new Facts(type, (int) unix.get("mode") & 07777, (int) unix.get("uid"),
                        (int) unix.get("gid"),
                        entry.attributes().lastModifiedTime().toMillis() / 1000,
                        type.equals("file") ? entry.attributes().size() : 0,
                        type.equals("file") ? Sha256.hexOf(entry.path()) : null,
                        type.equals("symlink") ? NativeNames.display(Files.readSymbolicLink(entry.path())) : null,
                        group));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new TreeListing(entries, inodes);
    }

    public static TreeListing of(Path root) {
        return of(root, Set.of());
    }

    public Map<String, Facts> entries() {
        return entries;
    }

    /** Names (below both roots) of regular files that are the same inode in this tree and in {@code other}. */
    public List<String> sharedInodesWith(TreeListing other) {
        List<String> shared = new ArrayList<>();
        entries.forEach((name, facts) -> {
            if (facts.type().equals("file") && Objects.equals(inodes.get(name), other.inodes.get(name))) {
                shared.add(name);
            }
        });
        return shared;
    }

    /** Human-readable differences from {@code expected}; empty when equal. */
    public List<String> differences(TreeListing expected) {
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, Facts> e : expected.entries.entrySet()) {
            Facts actual = entries.get(e.getKey());
            if (actual == null) {
                diffs.add("missing: " + e.getKey());
            } else if (!actual.equals(e.getValue())) {
                diffs.add("differs: " + e.getKey() + "\n  expected " + e.getValue() + "\n  actual   " + actual);
            }
        }
        entries.keySet().stream().filter(k -> !expected.entries.containsKey(k)).forEach(k -> diffs.add("extra: " + k));
        return diffs;
    }

    /** Only the entries below {@code prefix} (a relative name), renamed relative to it. */
    public TreeListing below(String prefix) {
        Map<String, Facts> sub = new LinkedHashMap<>();
        Map<String, Object> subInodes = new HashMap<>();
        String start = prefix + "/";
        entries.forEach((name, facts) -> {
            if (name.startsWith(start)) {
                String rel = name.substring(start.length());
                String group = facts.linkGroup() == null ? null : facts.linkGroup().substring(start.length());
                sub.put(rel, new Facts(facts.type(), facts.mode(), facts.uid(), facts.gid(), facts.mtime(), facts.size(),
                        facts.content(), facts.symlinkTarget(), group));
                subInodes.put(rel, inodes.get(name));
            }
        });
        return new TreeListing(sub, subInodes);
    }
}
