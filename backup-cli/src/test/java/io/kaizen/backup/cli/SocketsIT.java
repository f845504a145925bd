package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.testing.Commands;
import io.kaizen.backup.testing.TreeBuilder;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.LocalDate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unix sockets in a source: both engines skip them with a warning naming each (exit 3), as the README says, and
 * copy fifos (rsync keeps fifos; only sockets are left out). One socket's name holds rsync wildcards, so the rsync
 * engine's exclude rule for it must match it literally; one sits in an excluded directory and is not warned about.
 */
class SocketsIT {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "engine {0}")
    @ValueSource(strings = {"java", "rsync"})
    void socketsAreSkippedWithAWarningAndFifosCopied(String engine) throws Exception {
        Path source = temp.resolve("src");
        TreeBuilder.at(source).file("run/app.conf", "setting = 1\n").dir("cache")
                .file("run/s1-decoy.sock", "not a socket\n");
        socket(source.resolve("run/app.sock"));
        socket(source.resolve("run/s[1]*.sock"));
        socket(source.resolve("cache/ignored.sock"));
        Commands.run("mkfifo", source.resolve("run/app.fifo").toString());
        Path store = temp.resolve("store");

        KaizenProcess.Result run = InProcess.run(InProcess.at(LocalDate.parse("2026-08-01")), "snapshot", "--engine",
                engine, "--source", source.toString(), "--dest", store.toString(), "--date", "2026-08-01",
                "--exclude", "cache/");

        assertThat(run.exitCode()).as("a run with sockets in the source\n%s", run).isEqualTo(3);
        assertThat(run.stderr()).as("the warning names each socket\n%s", run)
                .contains(source.resolve("run/app.sock").toString())
                .contains(source.resolve("run/s[1]*.sock").toString())
                .doesNotContain("ignored.sock");
        Path copy = store.resolve("2026-08-01").resolve(source.toString().substring(1));
        assertThat(copy.resolve("run/app.sock")).as("the socket in the snapshot").doesNotExist();
        assertThat(copy.resolve("run/s[1]*.sock")).as("the socket with wildcards in its name").doesNotExist();
        assertThat(copy.resolve("run/s1-decoy.sock")).as("a file its name as a pattern would match")
                .hasContent("not a socket\n");
        assertThat(copy.resolve("run/app.conf")).hasContent("setting = 1\n");
        assertThat(Files.readAttributes(copy.resolve("run/app.fifo"), PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).isOther()).as("the fifo is copied as a fifo").isTrue();
    }

    private static void socket(Path path) throws Exception {
        try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.bind(UnixDomainSocketAddress.of(path));
        }
    }
}
