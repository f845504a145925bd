package io.kaizen.backup.cli;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.config.NodeConfig;
import io.kaizen.backup.store.SnapshotStore;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --dest STORE}: the command line, else {@code store:} from the config, else {@code /backups}. */
final class StoreOption {
    static final Path DEFAULT = Path.of("/backups");

    @Option(names = {"-d", "--dest"}, paramLabel = "STORE",
            description = "The store (default: 'store:' from the config, else /backups).")
    Path dest;

    Path path(Optional<NodeConfig> config) {
        return dest != null ? dest.toAbsolutePath() : config.flatMap(NodeConfig::storePath).orElse(DEFAULT);
    }

    /** The store, which must exist (commands that only read a store never create one). */
    SnapshotStore existing(Optional<NodeConfig> config) {
        SnapshotStore store = SnapshotStore.at(path(config));
        if (!store.exists()) {
            throw new ConfigException("no store at " + store.root() + " (give --dest STORE)");
        }
        return store;
    }
}
