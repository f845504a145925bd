package io.kaizen.backup.cli;

import ch.qos.logback.classic.Level;
import io.kaizen.backup.ConfigException;
import io.kaizen.backup.config.ConfigLoader;
import io.kaizen.backup.config.NodeConfig;
import io.kaizen.backup.config.OffsiteConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Node configuration (YAML). Options given on the command line override it.")
    Path config;

    @Option(names = "--json", description = "Print the result as JSON on stdout, for machines.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Also log details (commands run, paths used).")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Log nothing but problems (stderr).")
    boolean quiet;

    /** The offsite configuration {@code --config} names, which offsite commands require. */
    OffsiteConfig offsiteConfig() {
        if (config == null) {
            throw new ConfigException("Missing required option: '--config=FILE' (the offsite configuration, e.g. "
                    + "/etc/kaizen/offsite.yaml)");
        }
        return ConfigLoader.loadOffsite(config);
    }

    Optional<NodeConfig> nodeConfig() {
        return Optional.ofNullable(config).map(ConfigLoader::loadNode);
    }

    /** Sets the log level these options ask for and gives the command its output. */
    Output output(CommandSpec spec) {
        ConsoleLogging.setRootLevel(verbose ? Level.DEBUG : Level.WARN);
        return new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), this);
    }
}
