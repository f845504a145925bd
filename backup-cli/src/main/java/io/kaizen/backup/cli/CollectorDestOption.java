package io.kaizen.backup.cli;

import io.kaizen.backup.config.CollectorConfig;
import io.kaizen.backup.config.CollectorSettings;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --dest DIR} on a collector, resolved against the collector config by {@link CollectorSettings#dest}. */
final class CollectorDestOption {
    @Option(names = {"-d", "--dest"}, paramLabel = "DIR",
            description = "Collector store root (DEST/NODE/DATE; default: 'dest:' from the config).")
    Path dest;

    Path path(Optional<CollectorConfig> config) {
        return CollectorSettings.dest(dest, config);
    }
}
