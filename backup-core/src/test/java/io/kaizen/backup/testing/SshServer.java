package io.kaizen.backup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway OpenSSH server on 127.0.0.1 (shared/notes/openssh-test-harness.md): its own ed25519 host key and
 * authorized_keys files in a test directory, public-key logins only, run in the foreground as a child of this
 * JVM. {@link #close()} stops it and whatever its sessions left running from that directory.
 */
public final class SshServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process sshd;

    private SshServer(Path dir, int port, Process sshd) {
        this.dir = dir;
        this.port = port;
        this.sshd = sshd;
    }

    /** Starts sshd with its files in {@code dir}; only {@code user} may log in. */
    public static SshServer start(Path dir, String user) {
        try {
            Files.createDirectories(dir.resolve("auth"));
            Files.createDirectories(Path.of("/run/sshd"));
            keyPair(dir.resolve("hostkey"));
            int port = Ports.free();
            Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                    "Port " + port,
                    "ListenAddress 127.0.0.1",
                    "HostKey " + dir.resolve("hostkey"),
                    "AuthorizedKeysFile " + dir.resolve("auth") + "/%u",
                    "PidFile none",
                    "StrictModes no",
                    "UsePAM no",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PermitRootLogin prohibit-password",
                    "AllowUsers " + user,
                    "LogLevel VERBOSE", ""));
            Process sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
            SshServer server = new SshServer(dir, port, sshd);
            server.awaitListening();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                if (!sshd.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("sshd did not start: " + log());
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }

    /** Generates an ed25519 key pair without passphrase: {@code privateKey} and {@code privateKey.pub}. */
    public static Path keyPair(Path privateKey) {
        Commands.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "kaizen-test", "-f", privateKey.toString());
        return privateKey;
    }

    /** Lets {@code publicKey} log in as {@code user}, with authorized_keys {@code options} (e.g. a forced command). */
    public void authorize(String user, String options, Path publicKey) {
        try {
            Files.writeString(dir.resolve("auth").resolve(user), options + " " + Files.readString(publicKey).strip() + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The line that pins this server's host key in a known_hosts file. */
    public String knownHostsLine() {
        try {
            List<String> key = List.of(Files.readString(dir.resolve("hostkey.pub")).strip().split(" "));
            return "[127.0.0.1]:" + port + " " + key.get(0) + " " + key.get(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        Commands.stopTree(sshd.toHandle());
        String marker = dir.toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }
}
