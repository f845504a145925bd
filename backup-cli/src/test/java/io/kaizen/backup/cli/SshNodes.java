package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.remote.SshTarget;
import io.kaizen.backup.snapshot.SnapshotJob;
import io.kaizen.backup.snapshot.SnapshotListener;
import io.kaizen.backup.snapshot.SnapshotRequest;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.transfer.FilterRules;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Real OpenSSH nodes for integration tests (shared/notes/openssh-test-harness.md): a real unprivileged user
 * ({@code kzt-cPID}, one per test JVM so that test runs in several checkouts never share it; password field '*',
 * shell /bin/sh), one throwaway sshd per node on 127.0.0.1 with its own
 * host key and authorized_keys holding the production line adapted to test paths
 * ({@code restrict,command="sudo -n KAIZEN serve --store STORE"}), and a sudoers drop-in allowing exactly those
 * commands and keeping SSH_ORIGINAL_COMMAND. {@link #close()} stops every sshd and removes the drop-in and user.
 */
final class SshNodes implements AutoCloseable {
    /**
     * A node's snapshot named {@code date}, stamped by the node's clock: the real one, because the node's agent
     * ({@code kaizen serve} behind sshd, a real process) reports the node's time by it, and the collector judges
     * a node's freshness by that report.
     */
    static void snapshot(Path source, Path store, LocalDate date, String host) {
        var report = new SnapshotJob(Clock.systemUTC(), SnapshotListener.NONE).run(SnapshotRequest.builder()
                .store(store).host(host).engine("rsync").date(new SnapshotName(date))
                .source(new PathSource(source, FilterRules.NONE)).build());
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    static final String USER = "kzt-c" + ProcessHandle.current().pid();
    private static final Path SUDOERS = Path.of("/etc/sudoers.d/" + USER);

    /** One node: its sshd, host key, store. */
    record Node(String name, int port, Path dir, Path store, Path hostKeyPub) {
        /**
         * The line pinning the node's host key under its name (for the collector) and its address (for plain
         * {@code ssh} in tests).
         */
        String knownHostsLine() throws IOException {
            return "[127.0.0.1]:" + port + "," + SshTarget.nodeAlias(name) + " " + hostKey();
        }

        /** The host key as known_hosts writes it: {@code TYPE BASE64}. */
        String hostKey() throws IOException {
            String[] key = Files.readString(hostKeyPub).trim().split("\\s+");
            return key[0] + " " + key[1];
        }
    }

    private final Path root;
    private final Path launcher;
    private final Path userKey;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Path> pidFiles = new ArrayList<>();
    private final List<String> serveCommands = new ArrayList<>();
    private final Random random = new Random();

    SshNodes(Path root) throws IOException, InterruptedException {
        this.root = root;
        Files.createDirectories(root);
        // sshd reads authorized_keys as the user: the path must be traversable by it (JUnit's temp dirs are 0700)
        for (Path dir = root; dir != null && !dir.equals(Path.of("/tmp")) && dir.getNameCount() > 1; dir = dir.getParent()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        }
        Files.createDirectories(Path.of("/run/sshd"));
        if (run("id", USER) != 0) {
            check(run("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/bin/sh", USER));
        }
        check(run("usermod", "-p", "*", USER));
        userKey = root.resolve("id_ed25519");
        check(run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "collector", "-f", userKey.toString()));
        launcher = root.resolve("kaizen");
        // the repository's own launcher (its JVM options, the capped heap of serve), on the jar under test
        Path jar = KaizenProcess.jar();
        Files.writeString(launcher, "#!/bin/sh\nexec env PATH=" + Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin"
                + " KAIZEN_JAR=" + jar + " KAIZEN_JAVA_OPTS=-XX:TieredStopAtLevel=1 "
                + jar.getParent().getParent().getParent().resolve("kaizen") + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    Path userKey() {
        return userKey;
    }

    Path launcher() {
        return launcher;
    }

    /**
     * Starts a node's sshd on a free port in 22000-22999; its store is {@code DIR/store}; {@code serveOptions}
     * are added to its forced command (e.g. {@code --allow-rsync}).
     */
    Node start(String name, String... serveOptions) throws IOException, InterruptedException {
        Path dir = root.resolve(name);
        Files.createDirectories(dir.resolve("auth"));
        Path store = dir.resolve("store");
        check(run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("hostkey").toString()));
        String serve = serveCommand(store) + String.join("", List.of(serveOptions).stream().map(o -> " " + o).toList());
        Files.writeString(dir.resolve("auth").resolve(USER), "restrict,command=\"sudo -n " + serve + "\" "
                + Files.readString(Path.of(userKey + ".pub")).trim() + "\n");
        serveCommands.add(serve);
        writeSudoers();
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = 22000 + random.nextInt(1000);
            if (!free(port)) {
                continue;
            }
            Path config = dir.resolve("sshd_config");
            Files.writeString(config, String.join("\n",
                    "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + dir.resolve("hostkey"),
                    "AuthorizedKeysFile " + dir.resolve("auth") + "/%u", "PidFile " + dir.resolve("sshd.pid"),
                    "StrictModes no", "UsePAM no", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                    "AllowUsers " + USER, "") );
            if (run("/usr/sbin/sshd", "-f", config.toString(), "-E", dir.resolve("sshd.log").toString()) != 0) {
                continue;
            }
            pidFiles.add(dir.resolve("sshd.pid"));
            waitForPort(port);
            Node node = new Node(name, port, dir, store, dir.resolve("hostkey.pub"));
            nodes.add(node);
            return node;
        }
        throw new IOException("no free port for sshd in 22000-22999");
    }

    /** The production forced command, with test paths. */
    private String serveCommand(Path store) {
        return launcher + " serve --store " + store;
    }

    /** Gives a node a new host key (as after a reinstall) and restarts its sshd. */
    void changeHostKey(Node node) throws IOException, InterruptedException {
        stop(node);
        Files.delete(node.dir().resolve("hostkey"));
        Files.delete(node.hostKeyPub());
        check(run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", node.dir().resolve("hostkey").toString()));
        check(run("/usr/sbin/sshd", "-f", node.dir().resolve("sshd_config").toString(), "-E",
                node.dir().resolve("sshd.log").toString()));
        waitForPort(node.port());
    }

    private void stop(Node node) throws IOException, InterruptedException {
        Path pid = node.dir().resolve("sshd.pid");
        if (Files.exists(pid)) {
            run("kill", Files.readString(pid).trim());
            for (int i = 0; i < 50 && !free(node.port()); i++) {
                Thread.sleep(100);
            }
        }
    }

    private void writeSudoers() throws IOException, InterruptedException {
        StringBuilder text = new StringBuilder("Defaults:" + USER + " env_keep += \"SSH_ORIGINAL_COMMAND\"\n");
        for (String serve : serveCommands) {
            text.append(USER).append(" ALL=(root) NOPASSWD: ").append(serve).append('\n');
        }
        Path temp = root.resolve("sudoers.tmp");
        Files.writeString(temp, text.toString());
        check(run("visudo", "-cf", temp.toString()));
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r--r-----"));
        Files.move(temp, SUDOERS, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The ssh command line as the collector's key, strict about the pinned host key. */
    List<String> ssh(Node node, Path knownHosts, String... extra) {
        List<String> argv = new ArrayList<>(List.of("ssh", "-p", Integer.toString(node.port()), "-i", userKey.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "ConnectTimeout=10"));
        argv.addAll(List.of(extra));
        return argv;
    }

    String sshCommand(Node node, Path knownHosts) {
        return String.join(" ", ssh(node, knownHosts));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Node node : nodes) {
            stop(node);
        }
        Files.deleteIfExists(SUDOERS);
        run("userdel", USER);
    }

    /** Runs a command to completion (60 s at most); returns its exit code, output discarded. */
    static int run(String... argv) throws IOException, InterruptedException {
        return capture(argv).exitCode();
    }

    /** Runs a command with stdin from /dev/null; returns exit code and the merged output. */
    static KaizenProcess.Result capture(String... argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " did not finish");
        }
        return new KaizenProcess.Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), "");
    }

    private static void check(int code) throws IOException {
        if (code != 0) {
            throw new IOException("set-up command failed with exit " + code);
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void waitForPort(int port) throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("sshd did not start on port " + port);
    }
}
