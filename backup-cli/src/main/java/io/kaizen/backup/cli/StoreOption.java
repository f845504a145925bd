package io.kaizen.backup.cli;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.config.NodeConfig;
import io.kaizen.backup.config.NodeSettings;
import io.kaizen.backup.store.SnapshotStore;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --dest STORE}, resolved against the config by {@link NodeSettings#store}. */
final class StoreOption {
    @Option(names = {"-d", "--dest"}, paramLabel = "STORE",
            description = "The store (default: 'store:' from the config, else /backups).")
    Path dest;

    Path path(Optional<NodeConfig> config) {
        return NodeSettings.store(dest, config);
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
