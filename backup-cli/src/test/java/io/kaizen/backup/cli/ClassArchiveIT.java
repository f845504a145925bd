package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.testing.Commands;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive of the real {@code kaizen.jar}: made by a training run beside the jar, then used by the
 * {@code kaizen} launcher while it is newer than the jar; a JVM warning about an archive that does not fit its jar
 * goes to stderr, never to stdout. {@code kaizen serve}'s forced-command line starts without picocli, whose classes
 * the archive cannot hold.
 */
class ClassArchiveIT {
    private static final Path LAUNCHER = Path.of("..", "kaizen").toAbsolutePath().normalize();
    private static final String KAIZEN_CLASS = "io.kaizen.backup.cli.Kaizen source: ";

    @TempDir
    Path dir;

    @Test
    void theLauncherMapsTheArchiveMadeForItsJarAndNeverWarnsOnStdoutAboutAStaleOne() throws Exception {
        Path jar = Files.copy(KaizenProcess.jar(), dir.resolve("kaizen.jar"));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        Path archive = ClassArchive.make(jar);
        assertThat(archive).isEqualTo(dir.resolve("kaizen.jsa")).isRegularFile();
        assertThat(Files.size(archive)).isGreaterThan(1 << 20);

        Path classes = dir.resolve("classes.log");
        Commands.Result mapped = version(jar, classes);
        assertThat(mapped.exitCode()).as(mapped.stderr()).isZero();
        assertThat(mapped.stdout()).startsWith("kaizen ").doesNotContain("warning", "cds");
        assertThat(Files.readString(classes)).contains(KAIZEN_CLASS + "shared objects file (top)");

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        Commands.Result stale = version(jar, classes);
        assertThat(stale.exitCode()).as(stale.stderr()).isZero();
        assertThat(stale.stdout()).startsWith("kaizen ").doesNotContain("warning", "cds");
        assertThat(Files.readString(classes)).contains(KAIZEN_CLASS + "file:").doesNotContain("(top)");

        Path other = Files.createDirectory(dir.resolve("other"));
        Path otherJar = Files.copy(jar, other.resolve("kaizen.jar"));
        Files.setLastModifiedTime(otherJar, FileTime.from(Instant.now().minusSeconds(120)));
        Files.copy(archive, other.resolve("kaizen.jsa"));
        Commands.Result mismatched = version(otherJar, classes);
        assertThat(mismatched.exitCode()).as(mismatched.stderr()).isZero();
        assertThat(mismatched.stdout()).startsWith("kaizen ").doesNotContain("warning", "cds");
        assertThat(mismatched.stderr()).contains("warning").contains("kaizen.jsa");
    }

    @Test
    void serveReadsAForcedCommandsLineWithoutPicocliAndLeavesEveryOtherLineToIt() throws Exception {
        Path classes = dir.resolve("serve-classes.log");
        Path missing = dir.resolve("no-store");
        Map<String, String> env = Map.of("KAIZEN_JAR", KaizenProcess.jar().toString(),
                "KAIZEN_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes, "SSH_ORIGINAL_COMMAND", "kaizen-agent 1");

        Commands.Result forced = Commands.tryRun(List.of(LAUNCHER.toString(), "serve", "--store", missing.toString(),
                "--allow-rsync"), env, null, 120);
        assertThat(forced.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(forced.stderr()).contains("kaizen serve: refused: no store at " + missing);
        assertThat(forced.stdout()).isEmpty();
        assertThat(Files.readString(classes)).contains("io.kaizen.backup.cli.ServeCommand ")
                .doesNotContain("picocli.CommandLine ");

        Commands.Result other = Commands.tryRun(List.of(LAUNCHER.toString(), "serve", "--store", missing.toString(),
                "--bogus"), env, null, 120);
        assertThat(other.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(other.stderr()).contains("Unknown option: '--bogus'");
        assertThat(Files.readString(classes)).contains("picocli.CommandLine ");
    }

    @Test
    void anUpToDateSessionMapsEveryClassFromTheArchiveWithoutDataBindingAndNeverReadsTheJar() throws Exception {
        Path jar = Files.copy(KaizenProcess.jar(), dir.resolve("kaizen.jar"));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        ClassArchive.make(jar);
        Path source = Files.createDirectories(dir.resolve("source/etc"));
        Files.writeString(source.resolve("hosts"), "127.0.0.1 localhost\n");
        Path store = dir.resolve("store");
        Commands.Result snapshot = Commands.tryRun(List.of(LAUNCHER.toString(), "snapshot", "--source",
                source.toString(), "--dest", store.toString(), "--date", "2026-01-01", "--quiet"),
                Map.of("KAIZEN_JAR", jar.toString()), null, 120);
        assertThat(snapshot.exitCode()).as(snapshot.stderr()).isZero();
        // What a collector asks a node it is up to date with: LIST, the newest snapshot's MANIFEST, BYE.
        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        DataOutputStream frames = new DataOutputStream(requests);
        byte[] manifest = {2, 0, 10, '2', '0', '2', '6', '-', '0', '1', '-', '0', '1'};
        for (byte[] request : List.of(new byte[] {1}, manifest, new byte[] {0})) {
            frames.writeByte('Q');
            frames.writeInt(request.length);
            frames.write(request);
        }
        Path session = Files.write(dir.resolve("session"), requests.toByteArray());
        Path classes = dir.resolve("serve-classes.log");

        Commands.Result served = Commands.tryRun(List.of(LAUNCHER.toString(), "serve", "--store", store.toString()),
                Map.of("KAIZEN_JAR", jar.toString(), "KAIZEN_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes,
                        "SSH_ORIGINAL_COMMAND", "kaizen-agent 1"), session, 120);

        assertThat(served.exitCode()).as(served.stderr()).isZero();
        assertThat(served.stdout())
                .contains("KAIZEN-AGENT", "2026-01-01", "succeeded", "\"snapshot\" : \"2026-01-01\"");
        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded).anyMatch(line -> line.contains("io.kaizen.backup.remote.agent.AgentServer source: shared"));
        assertThat(loaded).filteredOn(line -> line.contains(" source: file:") || line.contains(" source: jrt:"))
                .isEmpty();
        assertThat(loaded).noneMatch(line -> line.contains("com.fasterxml.jackson.databind."))
                .noneMatch(line -> line.contains("java.lang.runtime.ObjectMethods"))
                .noneMatch(line -> line.contains("jdk.internal.loader.URLClassPath$JarLoader "));
    }

    @Test
    void aCollectMapsTheCollectorsClassesFromTheArchive() throws Exception {
        Path jar = Files.copy(KaizenProcess.jar(), dir.resolve("kaizen.jar"));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        ClassArchive.make(jar);
        Path key = dir.resolve("id_ed25519");
        Commands.Result keygen = Commands.tryRun(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                key.toString()), Map.of(), null, 60);
        assertThat(keygen.exitCode()).as(keygen.stderr()).isZero();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path inventory = Files.writeString(dir.resolve("nodes.yaml"),
                "nodes:\n  - {name: gone, host: 127.0.0.1, port: " + closedPort + "}\n");
        Path classes = dir.resolve("collect-classes.log");

        Commands.Result collected = Commands.tryRun(List.of(LAUNCHER.toString(), "collect", "--inventory",
                inventory.toString(), "--dest", dir.resolve("collected").toString(), "--identity", key.toString(),
                "--known-hosts", Files.writeString(dir.resolve("known_hosts"), "").toString(), "--json"),
                Map.of("KAIZEN_JAR", jar.toString(), "KAIZEN_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes),
                null, 120);

        assertThat(collected.exitCode()).as(collected.stderr()).isEqualTo(ExitCodes.FAILED);
        assertThat(collected.stdout()).contains("\"node\" : \"gone\"", "unreachable");
        assertThat(Files.readString(classes)).contains(
                "io.kaizen.backup.collect.CollectJob source: shared objects file (top)",
                "io.kaizen.backup.remote.SshConnector source: shared objects file (top)",
                "com.jcraft.jsch.Session source: shared objects file (top)",
                "org.yaml.snakeyaml.parser.ParserImpl source: shared objects file (top)",
                "com.fasterxml.jackson.core.json.WriterBasedJsonGenerator source: shared objects file (top)");
    }

    private static Commands.Result version(Path jar, Path classes) {
        return Commands.tryRun(List.of(LAUNCHER.toString(), "--version"), Map.of("KAIZEN_JAR", jar.toString(),
                "KAIZEN_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes), null, 120);
    }
}
