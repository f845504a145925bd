package io.kaizen.backup.testing;

import io.kaizen.backup.fs.NativeNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every entry of a tree with the facts rsync -aHAX preserves: type, mode (with setuid/setgid/sticky), uid, gid,
 * mtime in seconds, size, content hash, symlink target, extended attributes with their values (POSIX ACLs are the
 * two {@code system.posix_acl_*} ones), and which other entries share its inode. Two listings compare equal when
 * the trees are equal in all of these; {@link #differences} says where they are not.
 *
 * <p>The tree is read by GNU {@code find -printf}, {@code sha256sum} and {@code getfattr}, not by the project's
 * walker, stat, hashing or attribute code, so that a bug there cannot hide by being on both sides of a comparison.
 * Names are raw bytes, rendered for keys and messages by {@link NativeNames#display(byte[])}.
 */
public final class TreeListing {
    /**
     * The facts of one entry. {@code linkGroup} is the first name (in byte order) sharing this inode; {@code xattrs}
     * its extended attributes as {@code name=0xVALUE} lines in name order, empty when it has none.
     */
    public record Facts(String type, int mode, int uid, int gid, long mtime, long size, String content,
                        String symlinkTarget, String linkGroup, String xattrs) {
    }

    /** find's fields, each ended by a NUL: type, mode, uid, gid, mtime, size, device:inode, symlink target, name. */
    private static final String FIND_FORMAT = "%y\\0%m\\0%U\\0%G\\0%T@\\0%s\\0%D:%i\\0%l\\0%P\\0";
    private static final int FIELDS = 9;

    private final Map<String, Facts> entries;
    private final Map<String, Object> inodes;

    private TreeListing(Map<String, Facts> entries, Map<String, Object> inodes) {
        this.entries = entries;
        this.inodes = inodes;
    }

    /** Lists everything below {@code root}, leaving out the given top-level names. */
    public static TreeListing of(Path root, Set<String> skippedTopLevelNames) {
        Map<String, String> sums = sums(root);
        Map<String, String> xattrs = xattrs(root);
        List<byte[]> fields = split(Commands.bytes(root, "find", ".", "-mindepth", "1", "-printf", FIND_FORMAT));
        if (fields.size() % FIELDS != 0) {
            throw new IllegalStateException("find -printf in " + root + ": " + fields.size() + " fields");
        }
        Map<String, List<byte[]>> byName = new TreeMap<>();
        for (int i = 0; i < fields.size(); i += FIELDS) {
            List<byte[]> record = fields.subList(i, i + FIELDS);
            byte[] name = record.get(8);
            String top = text(name).split("/", 2)[0];
            if (!skippedTopLevelNames.contains(top)) {
                byName.put(sortKey(name), record);
            }
        }
        Map<String, String> firstNameOfInode = new HashMap<>();
        for (List<byte[]> record : byName.values()) {
            if (type(record).equals("file")) {
                firstNameOfInode.putIfAbsent(text(record.get(6)), NativeNames.display(record.get(8)));
            }
        }
        Map<String, Facts> entries = new LinkedHashMap<>();
        Map<String, Object> inodes = new HashMap<>();
        for (List<byte[]> record : byName.values()) {
            String name = NativeNames.display(record.get(8));
            String inode = text(record.get(6));
            String type = type(record);
            boolean file = type.equals("file");
            inodes.put(name, inode);
            String content = file ? Objects.requireNonNull(sums.get(text(record.get(8))), "no sha256sum of " + name)
                    : null;
            entries.put(name, new Facts(type, Integer.parseInt(text(record.get(1)), 8),
                    Integer.parseInt(text(record.get(2))), Integer.parseInt(text(record.get(3))),
                    Long.parseLong(text(record.get(4)).split("\\.", 2)[0]),
                    file ? Long.parseLong(text(record.get(5))) : 0, content,
                    type.equals("symlink") ? NativeNames.display(record.get(7)) : null,
                    file ? firstNameOfInode.get(inode) : null, xattrs.getOrDefault(text(record.get(8)), "")));
        }
        return new TreeListing(entries, inodes);
    }

    private static String type(List<byte[]> record) {
        return switch (text(record.get(0))) {
            case "d" -> "dir";
            case "l" -> "symlink";
            case "f" -> "file";
            default -> "other";
        };
    }

    /** The SHA-256 of every regular file, by name ({@link #text} of its bytes). */
    private static Map<String, String> sums(Path root) {
        Map<String, String> sums = new HashMap<>();
        for (byte[] line : split(Commands.bytes(root, "find", ".", "-type", "f", "-exec", "sha256sum", "-z", "--",
                "{}", "+"))) {
            String text = text(line);
            if (text.length() > 68 && text.startsWith("  ./", 64)) {
                sums.put(text.substring(68), text.substring(0, 64));
            } else {
                throw new IllegalStateException("sha256sum in " + root + ": unexpected line " + text);
            }
        }
        return sums;
    }

    /**
     * The extended attributes of every entry that has some, by name ({@link #text} of its bytes), from
     * {@code getfattr -R}: all namespaces, values in hex, symlinks not followed. getfattr writes a name's control
     * characters and backslashes as {@code \ooo}.
     */
    private static Map<String, String> xattrs(Path root) {
        Map<String, String> xattrs = new HashMap<>();
        String name = null;
        List<String> lines = new ArrayList<>();
        String output = text(Commands.bytes(root, "getfattr", "-R", "-P", "-h", "-d", "-m", "-", "-e", "hex", "."));
        for (String line : (output + "\n").split("\n", -1)) {
            if (line.startsWith("# file: ")) {
                name = unescape(line.substring("# file: ".length()));
            } else if (line.isEmpty() && name != null) {
                lines.sort(null);
                xattrs.put(name, String.join("\n", lines));
                name = null;
                lines.clear();
            } else if (name != null) {
                lines.add(line);
            }
        }
        return xattrs;
    }

    private static String unescape(String escaped) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\' && i + 3 < escaped.length() && escaped.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                name.append((char) Integer.parseInt(escaped.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }

    /** The parts of {@code output} that NUL bytes end. */
    private static List<byte[]> split(byte[] output) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < output.length; i++) {
            if (output[i] == 0) {
                parts.add(Arrays.copyOfRange(output, start, i));
                start = i + 1;
            }
        }
        return parts;
    }

    /** Bytes as a string, one char per byte: lossless, for keys and numbers. */
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** A string whose natural order is the byte order of {@code name}, components compared first. */
    private static String sortKey(byte[] name) {
        return text(name).replace('/', '\u0000');
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
                        facts.content(), facts.symlinkTarget(), group, facts.xattrs()));
                subInodes.put(rel, inodes.get(name));
            }
        });
        return new TreeListing(sub, subInodes);
    }
}
