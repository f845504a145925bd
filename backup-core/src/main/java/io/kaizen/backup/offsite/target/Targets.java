package io.kaizen.backup.offsite.target;

import java.nio.file.Path;

/** Opens the target a configuration names: the one place that knows every {@link ObjectTarget}. */
public final class Targets {
    private Targets() {
    }

    /** A directory target at {@code root}. */
    public static ObjectTarget directory(Path root) {
        return new DirectoryTarget(root);
    }

    /** An S3-compatible target. */
    public static ObjectTarget s3(S3Location location) {
        return S3Target.open(location);
    }
}
