package io.kaizen.backup.snapshot;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.fs.RealPaths;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.source.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks a snapshot request against the file system before anything is created or changed. */
final class Preflight {
    private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

    private Preflight() {
    }

    /** Returns the sources to capture: the request's, less the optional paths this node does not have. */
    static List<Source> check(SnapshotRequest request) {
        Path store = request.store();
        if (Files.exists(store) && !Files.isDirectory(store)) {
            throw new ConfigException("destination " + store + " exists and is not a directory");
        }
        Path storeReal = realPathOfNearestExisting(store);
        Set<String> dumpNames = new HashSet<>();
        List<Source> present = new ArrayList<>();
        for (Source source : request.sources()) {
            if (source instanceof PathSource path) {
                if (path.optional() && !Files.exists(path.path(), LinkOption.NOFOLLOW_LINKS)) {
                    LOG.info("optional source {} does not exist: skipped", path.path());
                    continue;
                }
                checkPath(path.path(), store, storeReal);
            } else if (!dumpNames.add(source.name())) {
                throw new ConfigException("two sources write dumps/" + source.name() + ": give them different names");
            }
            source.preflight();
            present.add(source);
        }
        return present;
    }

    private static void checkPath(Path source, Path store, Path storeReal) {
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConfigException("source " + source + " does not exist");
        }
        if (!Files.isReadable(source) || (Files.isDirectory(source) && !Files.isExecutable(source))) {
            throw new ConfigException("source " + source + " is not readable by this user");
        }
        Path sourceReal = realPath(source);
        if (storeReal.startsWith(sourceReal)) {
            throw new ConfigException("destination " + store + " is inside source " + source
                    + ": the store would be copied into itself");
        }
        if (sourceReal.startsWith(storeReal)) {
            throw new ConfigException("source " + source + " is inside destination " + store);
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new ConfigException("cannot resolve " + path + ": " + e.getMessage(), e);
        }
    }

    private static Path realPathOfNearestExisting(Path path) {
        try {
            return RealPaths.ofNearestExisting(path);
        } catch (IOException e) {
            throw new ConfigException("cannot resolve " + path + ": " + e.getMessage(), e);
        }
    }
}
