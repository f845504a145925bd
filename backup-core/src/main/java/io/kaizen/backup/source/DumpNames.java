package io.kaizen.backup.source;

import io.kaizen.backup.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Names of dump sources (a directory or file under {@code dumps/}) and of the files inside them. */
final class DumpNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private DumpNames() {
    }

    /** Checks a source's name: it becomes {@code dumps/NAME}, so it must be a plain, harmless file name. */
    static String check(String kind, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigException(kind + " name '" + name
                    + "' must be letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    /**
     * A file name for an arbitrary database name: the name itself when it is a plain name, else its UTF-8 bytes
     * with every other byte as {@code %XX} (so {@code a/b} cannot leave the directory). The manifest records the
     * real name next to the file.
     */
    static String fileNameFor(String databaseName) {
        if (NAME.matcher(databaseName).matches()) {
            return databaseName;
        }
        StringBuilder safe = new StringBuilder();
        for (byte b : databaseName.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
                safe.append(c);
            } else {
                safe.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return safe.toString();
    }
}
