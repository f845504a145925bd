package io.kaizen.backup.cli;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.config.CollectorConfig;
import io.kaizen.backup.config.ConfigLoader;
import io.kaizen.backup.inventory.Inventory;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --inventory FILE|DIR}: the command line, else {@code inventory:} from the collector config. */
final class InventoryOption {
    @Option(names = "--inventory", paramLabel = "FILE|DIR",
            description = "Nodes to collect: a YAML file (nodes: [...]) or a directory with one YAML file per node.")
    Path inventory;

    Inventory load(Optional<CollectorConfig> config) {
        Path path = inventory != null ? inventory.toAbsolutePath() : config.flatMap(CollectorConfig::inventoryPath)
                .orElseThrow(() -> new ConfigException("no inventory given (--inventory FILE|DIR or 'inventory:' in the config)"));
        return ConfigLoader.loadInventory(path);
    }

    static Optional<CollectorConfig> collectorConfig(Path file) {
        return Optional.ofNullable(file).map(ConfigLoader::loadCollector);
    }
}
