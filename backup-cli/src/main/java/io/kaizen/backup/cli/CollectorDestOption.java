package io.kaizen.backup.cli;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.config.CollectorConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --dest DIR} on a collector: the command line, else {@code dest:} from the collector config. */
final class CollectorDestOption {
    @Option(names = {"-d", "--dest"}, paramLabel = "DIR",
            description = "Collector store root (DEST/NODE/DATE; default: 'dest:' from the config).")
    Path dest;

    Path path(Optional<CollectorConfig> config) {
        return dest != null ? dest.toAbsolutePath() : config.flatMap(CollectorConfig::destPath)
                .orElseThrow(() -> new ConfigException("no destination given (--dest DIR or 'dest:' in the config)"));
    }
}
