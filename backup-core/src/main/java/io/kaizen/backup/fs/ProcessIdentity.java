package io.kaizen.backup.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This process's uid, gid and umask, read from {@code /proc/self}; -1 where not known. The one rule for "am I
 * root": the uid is 0 (never the user name, which a login shell or a {@code user.name} property can change).
 */
public record ProcessIdentity(int uid, int gid, int umask) {
    private static final Pattern UMASK = Pattern.compile("^Umask:\\s*([0-7]+)$", Pattern.MULTILINE);

    /** Reads this process's identity now (the umask can change while it runs). */
    public static ProcessIdentity current() {
        Path self = Path.of("/proc/self");
        int umask;
        try {
            Matcher line = UMASK.matcher(Files.readString(self.resolve("status")));
            umask = line.find() ? Integer.parseInt(line.group(1), 8) : -1;
        } catch (IOException e) {
            umask = -1;
        }
        try {
            return new ProcessIdentity((int) Files.getAttribute(self, "unix:uid"), (int) Files.getAttribute(self, "unix:gid"),
                    umask);
        } catch (IOException | UnsupportedOperationException e) {
            return new ProcessIdentity(-1, -1, -1);
        }
    }

    /** Whether this process runs as root. */
    public static boolean isRoot() {
        return current().uid() == 0;
    }
}
