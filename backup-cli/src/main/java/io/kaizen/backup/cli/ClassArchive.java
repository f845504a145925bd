package io.kaizen.backup.cli;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.fs.TreeRemoval;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.remote.agent.AgentClient;
import io.kaizen.backup.remote.agent.AgentProtocol;
import io.kaizen.backup.remote.agent.SnapshotInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The class-data-sharing archive of a {@code kaizen.jar}: {@code kaizen.jsa} beside it, holding the parsed and
 * verified classes a snapshot and the agent load, so that each start of {@code kaizen} (above all {@code kaizen
 * serve}, started once per pull on every node) maps them instead of loading them again. One archive per jar: it is
 * made after the jar is installed ({@code kaizen install}, the Puppet module), by a training run of a child JVM
 * ({@code -XX:ArchiveClassesAtExit}) that takes two snapshots of a scratch tree and serves them over the agent
 * protocol as the forced command does, all in a scratch directory. The {@code kaizen} launcher uses the archive
 * only while it is newer than the jar; the JVM itself ignores an archive that does not match its jar (README,
 * "Start-up").
 */
final class ClassArchive {
    private ClassArchive() {
    }

    /**
     * Without arguments: makes the archive of the jar this class runs from. With {@code --train DIR}: the
     * training run (in the child JVM whose classes are archived).
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--train")) {
            train(Path.of(args[1]));
        } else if (args.length == 0) {
            Path archive = make(runningJar().orElseThrow(() -> new KaizenException("not running from kaizen.jar")));
            System.out.println("made " + archive);
        } else {
            System.err.println("usage: java -cp kaizen.jar " + ClassArchive.class.getName());
            System.exit(ExitCodes.USAGE);
        }
    }

    /** The archive beside {@code jar}: {@code kaizen.jar} has {@code kaizen.jsa}. */
    static Path archiveOf(Path jar) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling((name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name) + ".jsa");
    }

    /** The jar this code runs from, if it runs from a jar. */
    static Optional<Path> runningJar() {
        try {
            Path location = Path.of(ClassArchive.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Makes {@code jar}'s archive (replacing one made before, atomically) by a training run of this JVM's own
     * {@code java}; returns its path. A failed run leaves the previous archive as it was.
     */
    static Path make(Path jar) throws IOException {
        Path archive = archiveOf(jar);
        Path scratch = Files.createTempDirectory("kaizen-class-archive");
        Path made = scratch.resolve("kaizen.jsa");
        try {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> argv = List.of(java, "-XX:+UseSerialGC", "-Xshare:auto", "-Xlog:disable",
                    "-XX:ArchiveClassesAtExit=" + made, "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED",
                    "-cp", jar.toString(), ClassArchive.class.getName(), "--train", scratch.resolve("train").toString());
            ChildProcess.Outcome outcome = ChildProcess.run(argv, Map.of(), null, OutputStream.nullOutputStream(), null);
            if (outcome.exitCode() != 0 || !Files.isRegularFile(made)) {
                throw new KaizenException("making the class-data archive of " + jar + " failed (exit "
                        + outcome.exitCode() + "): " + outcome.lastErrors(3));
            }
            Path next = archive.resolveSibling(archive.getFileName() + ".new");
            Files.copy(made, next, StandardCopyOption.REPLACE_EXISTING);
            Files.move(next, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return archive;
        } finally {
            TreeRemoval.delete(scratch);
        }
    }

    /**
     * What the archive holds: the classes of the signal handlers every command installs, of {@code --version}, of
     * two snapshots (a copy, then links) and of serving them; with all of them archived, neither {@code kaizen
     * serve} nor {@code kaizen --version} reads the jar.
     */
    private static void train(Path dir) throws IOException {
        Path source = Files.createDirectories(dir.resolve("source/etc"));
        for (int i = 0; i < 20; i++) {
            Files.writeString(source.resolve("file" + i), "training " + i + "\n");
        }
        Path store = dir.resolve("store");
        Clock clock = Clock.fixed(Instant.parse("2000-01-02T03:00:00Z"), ZoneOffset.UTC);
        PrintWriter quiet = new PrintWriter(OutputStream.nullOutputStream());
        SignalHandling.install(quiet);
        Kaizen.run(new String[] {"--version"}, quiet, quiet, clock);
        for (String date : List.of("2000-01-01", "2000-01-02")) {
            int code = Kaizen.run(new String[] {"snapshot", "--dest", store.toString(), "--source", source.toString(),
                    "--date", date, "--quiet"}, quiet, quiet, clock);
            if (code != ExitCodes.OK) {
                throw new KaizenException("training snapshot " + date + " failed with exit " + code);
            }
        }
        serve(store, clock);
    }

    /** Serves the store as the forced command does ({@link ServeCommand#serve}), to a client on a pipe. */
    private static void serve(Path store, Clock clock) throws IOException {
        PipedOutputStream toServer = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
        PipedOutputStream toClient = new PipedOutputStream();
        PipedInputStream clientIn = new PipedInputStream(toClient, 1 << 16);
        Thread server = new Thread(() -> {
            try (toClient) {
                int code = ServeCommand.serve(new ServeCommand.Options(store, "training", false),
                        AgentProtocol.COMMAND + " " + AgentProtocol.VERSION, serverIn, toClient,
                        new PrintWriter(OutputStream.nullOutputStream()), clock);
                if (code != ExitCodes.OK) {
                    throw new KaizenException("training agent ended with exit " + code);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "kaizen-training-agent");
        server.start();
        AgentClient client = new AgentClient(clientIn, toServer);
        for (SnapshotInfo snapshot : client.list()) {
            client.manifest(snapshot.name());
            client.sums(snapshot.name(), OutputStream.nullOutputStream(), Long.MAX_VALUE);
            AgentClient.EntryList entries = client.entries(snapshot.name());
            while (entries.next().isPresent()) {
                continue;
            }
        }
        client.bye();
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
