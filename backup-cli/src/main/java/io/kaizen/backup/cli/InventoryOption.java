package io.kaizen.backup.cli;

import io.kaizen.backup.config.CollectorConfig;
import io.kaizen.backup.config.CollectorSettings;
import io.kaizen.backup.config.ConfigLoader;
import io.kaizen.backup.inventory.Inventory;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --inventory FILE|DIR}, resolved against the collector config by {@link CollectorSettings#inventory}. */
final class InventoryOption {
    @Option(names = "--inventory", paramLabel = "FILE|DIR",
            description = "Nodes to collect: a YAML file (nodes: [...]) or a directory with one YAML file per node.")
    Path inventory;

    Inventory load(Optional<CollectorConfig> config) {
        return CollectorSettings.inventory(inventory, config);
    }

    static Optional<CollectorConfig> collectorConfig(Path file) {
        return Optional.ofNullable(file).map(ConfigLoader::loadCollector);
    }
}
