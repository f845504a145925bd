package io.kaizen.backup.fs;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The extended attributes of one entry that a copy keeps, name to raw value, names in order. POSIX ACLs are two of
 * them ({@code system.posix_acl_access}, {@code system.posix_acl_default}): their raw values are the ACLs, exactly.
 * Two sets are equal when they hold the same names with the same bytes.
 */
public record Xattrs(SortedMap<String, byte[]> values) {
    /** The access ACL of any entry and the default ACL of a directory, as Linux names them. */
    public static final String ACCESS_ACL = "system.posix_acl_access";
    public static final String DEFAULT_ACL = "system.posix_acl_default";

    public static final Xattrs NONE = new Xattrs(new TreeMap<>());

    public Xattrs {
        SortedMap<String, byte[]> copy = new TreeMap<>();
        values.forEach((name, value) -> copy.put(name, value.clone()));
        values = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * Whether a copy keeps the attribute {@code name}, as {@code rsync -A -X} does on Linux: the two ACLs always;
     * as root ({@code root}) every {@code user.}, {@code trusted.} and {@code security.} attribute (so file
     * capabilities and SELinux labels), otherwise only {@code user.} ones, the only ones a user may set. Other
     * {@code system.} names belong to a file system, not to the file.
     */
    public static boolean kept(String name, boolean root) {
        if (name.equals(ACCESS_ACL) || name.equals(DEFAULT_ACL) || name.startsWith("user.")) {
            return true;
        }
        return root && (name.startsWith("trusted.") || name.startsWith("security."));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The attributes whose names {@code names} accepts. */
    public Xattrs only(Predicate<String> names) {
        SortedMap<String, byte[]> kept = new TreeMap<>();
        values.forEach((name, value) -> {
            if (names.test(name)) {
                kept.put(name, value);
            }
        });
        return kept.size() == values.size() ? this : new Xattrs(kept);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Xattrs that) || !values.keySet().equals(that.values.keySet())) {
            return false;
        }
        return values.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), that.values.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            hash = 31 * hash + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Xattrs{");
        values.forEach((name, value) -> text.append(text.length() > 7 ? ", " : "").append(name).append('=')
                .append(value.length).append(" bytes"));
        return text.append('}').toString();
    }
}
