package io.kaizen.backup.offsite.target;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kaizen.backup.ConfigException;
import io.kaizen.backup.fs.OwnerOnlyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * An S3 access key pair, read from a file only its owner may read (README.md, "Offsite credentials"):
 * <pre>
 * access-key-id: AKIAEXAMPLE
 * secret-access-key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
 * </pre>
 * Messages about the file name the file and the setting, never a value: a parse error reports only its line.
 */
record S3Credentials(String accessKeyId, String secretAccessKey) {
    private static final String ID = "access-key-id";
    private static final String SECRET = "secret-access-key";
    private static final YAMLMapper YAML = new YAMLMapper();

    static S3Credentials read(Path file) {
        OwnerOnlyFile.check(file, "credentials file");
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ConfigException("credentials file " + file + ": not YAML (line "
                    + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new ConfigException("cannot read credentials file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("credentials file " + file + ": expected '" + ID + ":' and '" + SECRET + ":'");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of(ID, SECRET).contains(name)) {
                throw new ConfigException("credentials file " + file + ": unknown setting '" + name + "' (only '"
                        + ID + "' and '" + SECRET + "')");
            }
        }
        return new S3Credentials(text(root, ID, file), text(root, SECRET, file));
    }

    private static String text(JsonNode root, String name, Path file) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new ConfigException("credentials file " + file + ": '" + name + ":' is missing or empty");
        }
        if (!value.isTextual()) {
            throw new ConfigException("credentials file " + file + ": '" + name + ":' must be a string (quote it)");
        }
        return value.asText().strip();
    }

    /** Never the secret, so that a logged or printed value leaks nothing. */
    @Override
    public String toString() {
        return "S3Credentials[access-key-id and secret-access-key hidden]";
    }
}
