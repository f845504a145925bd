package io.kaizen.backup.remote;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.fs.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An OpenSSH known_hosts file, ours alone (never {@code ~/.ssh/known_hosts}). Understands plain and hashed
 * ({@code |1|salt|hash}) host fields, comma-separated patterns with {@code *}, {@code ?} and {@code !}, the
 * {@code [host]:port} form, and the {@code @revoked} marker; {@code @cert-authority} lines are ignored (host
 * certificates are not used). A line that cannot be parsed is a configuration error naming file and line.
 */
final class KnownHosts {
    /** One key line. */
    public record Entry(int line, String hosts, boolean revoked, HostKey key) {
    }

    private static final Object PIN_LOCK = new Object();
    private final Path file;
    private final List<Entry> entries;

    private KnownHosts(Path file, List<Entry> entries) {
        this.file = file;
        this.entries = List.copyOf(entries);
    }

    /** Reads {@code file}; a missing file reads as empty. */
    public static KnownHosts read(Path file) {
        List<Entry> entries = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new KnownHosts(file, entries);
        } catch (IOException e) {
            throw new ConfigException("cannot read known_hosts file " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] fields = text.split("\\s+");
            boolean revoked = false;
            int at = 0;
            if (fields[0].startsWith("@")) {
                if (fields[0].equals("@cert-authority")) {
                    continue;
                }
                if (!fields[0].equals("@revoked")) {
                    throw new ConfigException(file + ":" + (i + 1) + ": unknown marker " + fields[0]);
                }
                revoked = true;
                at = 1;
            }
            if (fields.length < at + 3) {
                throw new ConfigException(file + ":" + (i + 1) + ": expected 'HOSTS KEYTYPE BASE64KEY'");
            }
            HostKey key;
            try {
                key = HostKey.fromBase64(fields[at + 2]);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file + ":" + (i + 1) + ": " + e.getMessage());
            }
            if (!key.type().equals(fields[at + 1])) {
                throw new ConfigException(file + ":" + (i + 1) + ": key type " + fields[at + 1]
                        + " does not match the key (" + key.type() + ")");
            }
            entries.add(new Entry(i + 1, fields[at], revoked, key));
        }
        return new KnownHosts(file, entries);
    }

    public Path file() {
        return file;
    }

    /** Pinned (not revoked) keys for a host name as written in known_hosts ({@code host} or {@code [host]:port}). */
    public List<HostKey> keysFor(String name) {
        return entries.stream().filter(e -> !e.revoked() && matches(e.hosts(), name)).map(Entry::key).toList();
    }

    public boolean isRevoked(HostKey key) {
        return entries.stream().anyMatch(e -> e.revoked() && e.key().equals(key));
    }

    /**
     * The node aliases ({@link SshTarget#nodeAlias}) other than {@code name} that {@code key} is pinned under, as
     * written (a node alias is a literal name: patterns and hashed names are not counted).
     */
    public List<String> otherNodesPinning(HostKey key, String name) {
        return entries.stream().filter(e -> !e.revoked() && e.key().equals(key) && !e.hosts().startsWith("|"))
                .flatMap(e -> Arrays.stream(e.hosts().split(",")))
                .filter(host -> host.startsWith(SshTarget.NODE_ALIAS_PREFIX) && !host.equalsIgnoreCase(name)
                        && host.indexOf('*') < 0 && host.indexOf('?') < 0)
                .distinct().toList();
    }

    /**
     * Pins {@code key} for {@code name} in {@code file} unless it is pinned there already (serialised across
     * threads, so two pins of one run never interleave). A key pinned for another node is never pinned for a
     * second name: that is refused as {@link RemoteException.Kind#HOST_KEY_CLAIMED}.
     */
    public static void pin(Path file, String name, HostKey key, String comment) {
        synchronized (PIN_LOCK) {
            KnownHosts known = read(file);
            if (known.keysFor(name).contains(key)) {
                return;
            }
            List<String> others = known.otherNodesPinning(key, name);
            if (!others.isEmpty()) {
                throw new RemoteException(RemoteException.Kind.HOST_KEY_CLAIMED, "the host key " + key.describe()
                        + " is pinned for " + String.join(", ", others) + " in " + file + "; not pinned for " + name);
            }
            try {
                append(file, name, key, comment);
            } catch (IOException e) {
                throw new RemoteException(RemoteException.Kind.HOST_KEY_UNKNOWN, "cannot pin the host key of " + name
                        + " in " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Appends a pinned key for {@code name}, creating the file (mode 0644) if needed, and flushes it to disk. */
    public static void append(Path file, String name, HostKey key, String comment) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        }
        byte[] existing = Files.readAllBytes(file);
        String prefix = existing.length > 0 && existing[existing.length - 1] != '\n' ? "\n" : "";
        String line = prefix + name + " " + key.type() + " " + key.base64()
                + (comment == null || comment.isBlank() ? "" : " " + comment.replaceAll("\\s+", "-")) + "\n";
        AtomicFile.write(file, null, out -> {
            out.write(existing);
            out.write(line.getBytes(StandardCharsets.UTF_8));
        });
    }

    /** Whether a known_hosts host field matches {@code name}: any positive pattern matches and no negated one. */
    static boolean matches(String hosts, String name) {
        if (hosts.startsWith("|1|")) {
            return hashedMatches(hosts, name);
        }
        String target = name.toLowerCase(Locale.ROOT);
        boolean matched = false;
        for (String pattern : hosts.split(",")) {
            boolean negated = pattern.startsWith("!");
            String glob = (negated ? pattern.substring(1) : pattern).toLowerCase(Locale.ROOT);
            if (glob(glob, 0, target, 0)) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    private static boolean hashedMatches(String field, String name) {
        String[] parts = field.split("\\|");
        if (parts.length != 4) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return Arrays.equals(expected, mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean glob(String pattern, int p, String text, int t) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                for (int i = t; i <= text.length(); i++) {
                    if (glob(pattern, p + 1, text, i)) {
                        return true;
                    }
                }
                return false;
            }
            if (t >= text.length() || (c != '?' && c != text.charAt(t))) {
                return false;
            }
            p++;
            t++;
        }
        return t == text.length();
    }
}
