package io.kaizen.backup.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kaizen.backup.ConfigException;
import io.kaizen.backup.offsite.target.ObjectTarget;
import io.kaizen.backup.offsite.target.S3Location;
import io.kaizen.backup.offsite.target.Targets;
import io.kaizen.backup.store.StoreLock;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The offsite configuration file ({@code kaizen replicate --config}, {@code kaizen offsite ...}):
 * <pre>
 * collector-store: /srv/backups            # what kaizen collect --dest fills: DEST/NODE/DATE
 * key: /etc/kaizen/offsite.keyset          # the Tink keyset (0600), made by kaizen offsite init
 * target:
 *   directory: /mnt/offsite                # a file system mounted from the other site
 *   # or s3: {endpoint: https://rgw.example.org, bucket: kaizen, prefix: moc/, region: us-east-1,
 *   #         credentials: /etc/kaizen/offsite.s3}
 * retention: {keep-days: 90}               # used by kaizen offsite prune only
 * </pre>
 */
public record OffsiteConfig(@JsonProperty("collector-store") String collectorStore, String key, TargetEntry target,
                            RetentionEntry retention) {
    public OffsiteConfig {
        absolute("collector-store", collectorStore);
        if (key == null) {
            throw new IllegalArgumentException("key: required (the keyset file, e.g. /etc/kaizen/offsite.keyset)");
        }
        absolute("key", key);
        if (target == null) {
            throw new IllegalArgumentException("target: required (directory: or s3:)");
        }
    }

    /** Where tier 3 is: exactly one of a directory and an S3 location. */
    public record TargetEntry(String directory, S3Entry s3) {
        public TargetEntry {
            if ((directory == null) == (s3 == null)) {
                throw new IllegalArgumentException("target: give exactly one of directory: and s3:");
            }
            absolute("target.directory", directory);
        }
    }

    /** An S3-compatible target, as {@link S3Location} takes it. */
    public record S3Entry(String endpoint, String bucket, String prefix, String region, String credentials) {
        public S3Entry {
            for (String[] required : new String[][] {{"endpoint", endpoint}, {"bucket", bucket},
                    {"credentials", credentials}}) {
                if (required[1] == null) {
                    throw new IllegalArgumentException("target.s3." + required[0] + ": required");
                }
            }
            try {
                URI uri = new URI(endpoint);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("target.s3.endpoint: not a URL: " + endpoint);
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("target.s3.endpoint: not a URL: " + endpoint);
            }
            if (prefix != null && !prefix.isEmpty() && !prefix.endsWith("/")) {
                throw new IllegalArgumentException("target.s3.prefix: must end with '/': " + prefix);
            }
            absolute("target.s3.credentials", credentials);
        }

        S3Location location() {
            return new S3Location(URI.create(endpoint), bucket, prefix == null ? "" : prefix,
                    region == null ? "us-east-1" : region, Path.of(credentials));
        }
    }

    /** How long tier 3 keeps snapshots. */
    public record RetentionEntry(@JsonProperty("keep-days") Integer keepDays) {
        public RetentionEntry {
            if (keepDays != null && keepDays < 1) {
                throw new IllegalArgumentException("retention.keep-days: must be at least 1, got " + keepDays);
            }
        }
    }

    public Path keyPath() {
        return Path.of(key);
    }

    /** The collector store; a {@link ConfigException} naming the key when the file has none. */
    public Path collectorStorePath(Path file) {
        if (collectorStore == null) {
            throw new ConfigException(file + ": collector-store: required (the directory kaizen collect --dest fills)");
        }
        return Path.of(collectorStore);
    }

    public Optional<Path> collectorStoreIfSet() {
        return Optional.ofNullable(collectorStore).map(Path::of);
    }

    public Optional<Integer> keepDays() {
        return Optional.ofNullable(retention).map(RetentionEntry::keepDays);
    }

    /**
     * Locks the repository this file names against a second replicate or prune (README, "Offsite"): the lock file
     * is the key's path with {@code .lock} appended, as every configuration of one repository names the same key.
     */
    public StoreLock lock(StoreLock.Holder me, Consumer<String> warnings) throws IOException {
        return StoreLock.acquire(Path.of(key + ".lock"), "the offsite repository of key " + key, me, warnings);
    }

    /** Opens the target this file names: the one factory of offsite targets. */
    public ObjectTarget openTarget() {
        return target.directory() != null ? Targets.directory(Path.of(target.directory()))
                : Targets.s3(target.s3().location());
    }

    private static void absolute(String key, String path) {
        if (path != null && !Path.of(path).isAbsolute()) {
            throw new IllegalArgumentException(key + ": must be an absolute path, got '" + path + "'");
        }
    }
}
