package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code kaizen serve}'s own reading of a forced command's line ({@link ServeCommand.Options#parse}) gives what
 * picocli gives, and leaves every other line to picocli.
 */
class ServeOptionsTest {
    @Test
    void aForcedCommandsLineReadsAsPicocliReadsIt() {
        List<String[]> lines = List.of(
                new String[] {"serve", "--store", "/backups"},
                new String[] {"serve", "--store=/backups"},
                new String[] {"serve", "--store", "/backups", "--allow-rsync"},
                new String[] {"serve", "--allow-rsync", "--store", "/srv/my backups", "--host", "node1"},
                new String[] {"serve", "--host=node 2", "--store=/backups"},
                new String[] {"serve", "--store", "relative/store"});
        for (String[] line : lines) {
            Optional<ServeCommand.Options> own = ServeCommand.Options.parse(line);
            assertThat(own).as(String.join(" ", line)).isPresent();
            assertThat(own.get()).as(String.join(" ", line)).isEqualTo(picocli(line));
        }
        assertThat(ServeCommand.Options.parse(new String[] {"serve", "--store", "/backups"}))
                .contains(new ServeCommand.Options(Path.of("/backups"), null, false));
    }

    @Test
    void everyOtherLineIsLeftToPicocli() {
        List<String[]> lines = List.of(
                new String[] {"serve"},
                new String[] {"serve", "--help"},
                new String[] {"serve", "-h"},
                new String[] {"serve", "--store"},
                new String[] {"serve", "--store="},
                new String[] {"serve", "--store", "--allow-rsync"},
                new String[] {"serve", "--host", "node1"},
                new String[] {"serve", "--store", "/a", "--store", "/b"},
                new String[] {"serve", "--store", "/a", "--allow-rsync", "--allow-rsync"},
                new String[] {"serve", "--store", "/a", "--allow-rsync=true"},
                new String[] {"serve", "--store", "/a", "--bogus"},
                new String[] {"serve", "--store", "/a", "extra"},
                new String[] {"list", "--store", "/a"},
                new String[] {"--store", "/a"});
        for (String[] line : lines) {
            assertThat(ServeCommand.Options.parse(line)).as(String.join(" ", line)).isEmpty();
        }
    }

    private static ServeCommand.Options picocli(String[] line) {
        CommandLine commandLine = Kaizen.commandLine(Clock.systemUTC(), line);
        commandLine.parseArgs(line);
        ServeCommand serve = commandLine.getSubcommands().get("serve").getCommand();
        return new ServeCommand.Options(serve.store, serve.host, serve.allowRsync);
    }
}
