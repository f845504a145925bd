package io.kaizen.backup.cli;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.collect.CollectJob;
import io.kaizen.backup.collect.CollectListener;
import io.kaizen.backup.collect.CollectReport;
import io.kaizen.backup.collect.CollectRequest;
import io.kaizen.backup.config.CollectorSettings;
import io.kaizen.backup.fs.TreeRemoval;
import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.inventory.StaticInventory;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.remote.SshTarget;
import io.kaizen.backup.remote.agent.AgentClient;
import io.kaizen.backup.remote.agent.AgentProtocol;
import io.kaizen.backup.remote.agent.AgentSession;
import io.kaizen.backup.remote.agent.SnapshotInfo;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The class-data-sharing archive of a {@code kaizen.jar}: {@code kaizen.jsa} beside it, holding the parsed and
 * verified classes a snapshot and the agent load, so that each start of {@code kaizen} (above all {@code kaizen
 * serve}, started once per pull on every node) maps them instead of loading them again. One archive per jar: it is
 * made after the jar is installed ({@code kaizen install}, the Puppet module), by a training run of a child JVM
 * ({@code -XX:ArchiveClassesAtExit}) that takes two snapshots of a scratch tree, serves them over the agent
 * protocol as the forced command does, and collects them as a collector does (without a network: see
 * {@link #collect}), all in a scratch directory. The {@code kaizen} launcher uses the archive
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
    public static void main(String[] args) throws IOException, GeneralSecurityException {
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
     * two snapshots (a copy, then links), of serving them and of collecting them; with all of them archived,
     * neither {@code kaizen serve} nor {@code kaizen --version} reads the jar, and a collect reads only the classes
     * the archive cannot hold (picocli's) and those of the part of an SSH session the training cannot reach.
     */
    private static void train(Path dir) throws IOException, GeneralSecurityException {
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
        collect(dir, store, clock, quiet);
    }

    /**
     * What a collector does, as far as it goes without a network: the command line of a collect (the inventory's
     * YAML, the key, the JSON report) of a node whose port offers the SSH key exchange of today's OpenSSH and then
     * hangs up (its key is RSA: JSch reads no Ed25519 key in the PKCS #8 form the JDK writes); two pulls of the training store over the agent protocol (a first copy, then an up-to-date one);
     * and the cryptography of an SSH session as the JDK runs it for JSch (curve25519, Ed25519, AES-GCM, SHA-2).
     */
    private static void collect(Path dir, Path store, Clock clock, PrintWriter quiet)
            throws IOException, GeneralSecurityException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path key = Files.writeString(dir.resolve("id_rsa"), "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64,
                new byte[] {'\n'}).encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread offering = new Thread(() -> offerKeyExchange(peer), "kaizen-training-peer");
        offering.start();
        try (peer) {
            Path inventory = Files.writeString(dir.resolve("nodes.yaml"), "user: training\nnodes:\n"
                    + "  - {name: training, host: 127.0.0.1, port: " + peer.getLocalPort() + "}\n");
            Kaizen.run(new String[] {"collect", "--inventory", inventory.toString(), "--dest",
                    dir.resolve("collected-cli").toString(), "--identity", key.toString(), "--known-hosts",
                    knownHosts.toString(), "--accept-new", "--json"}, quiet, quiet, clock);
        }
        join(offering);
        Node node = new Node("training", new SshTarget("127.0.0.1", SshTarget.DEFAULT_PORT, "training"), store);
        CollectRequest request = CollectorSettings.collectRequest(new CollectorSettings.CollectOptions(
                dir.resolve("collected"), 1, null, null, false, null, null, null, false, null, null, null),
                Optional.empty(), new StaticInventory(List.of(node), "training"), Duration.ofMinutes(1), "training");
        CollectJob pulls = new CollectJob(clock, (target, limit, warnings) -> agent(store, clock), CollectListener.NONE);
        for (int pull = 0; pull < 2; pull++) {
            CollectReport report = pulls.run(request);
            if (report.exitCode() != ExitCodes.OK) {
                throw new KaizenException("training pull " + pull + " failed: " + report.nodes().get(0).message());
            }
        }
        sessionCryptography();
    }

    /**
     * Accepts one connection and speaks as an SSH server up to its key-exchange offer (RFC 4253, section 7.1:
     * curve25519-sha256, ssh-ed25519, aes128-gcm@openssh.com), so that the client negotiates and sends its own key
     * share; then hangs up. Ends without a word when the collector hangs up first or never comes (the socket closed).
     */
    private static void offerKeyExchange(ServerSocket peer) {
        try (Socket socket = peer.accept(); DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            out.write("SSH-2.0-kaizen-training\r\n".getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            DataOutputStream fields = new DataOutputStream(payload);
            fields.writeByte(20);
            fields.write(new byte[16]);
            for (String names : List.of("curve25519-sha256", "ssh-ed25519", "aes128-gcm@openssh.com",
                    "aes128-gcm@openssh.com", "hmac-sha2-256", "hmac-sha2-256", "none", "none", "", "")) {
                fields.writeInt(names.length());
                fields.write(names.getBytes(StandardCharsets.US_ASCII));
            }
            fields.writeByte(0);
            fields.writeInt(0);
            int padding = 8 - (payload.size() + 5) % 8 + 8;
            out.writeInt(payload.size() + padding + 1);
            out.writeByte(padding);
            payload.writeTo(out);
            out.write(new byte[padding]);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            socket.setSoTimeout(10_000);
            for (int read = 0; read < 2 && in.read(buffer) >= 0; read++) {
                continue;
            }
        } catch (IOException e) {
            return;
        }
    }

    /** A key agreement, a signature made and checked, a packet sealed: what each SSH session computes. */
    private static void sessionCryptography() throws GeneralSecurityException {
        KeyPair identity = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPairGenerator exchange = KeyPairGenerator.getInstance("X25519");
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(exchange.generateKeyPair().getPrivate());
        agreement.doPhase(exchange.generateKeyPair().getPublic(), true);
        byte[] secret = MessageDigest.getInstance("SHA-256").digest(agreement.generateSecret());
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(identity.getPrivate());
        signer.update(secret);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(identity.getPublic());
        verifier.update(secret);
        if (!verifier.verify(signature)) {
            throw new KaizenException("training signature did not verify");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(secret, 0, 16, "AES"), new GCMParameterSpec(128, secret, 16, 12));
        cipher.doFinal(MessageDigest.getInstance("SHA-512").digest(secret));
    }

    /** Serves the store as the forced command does ({@link ServeCommand#serve}), to a client in this JVM. */
    private static void serve(Path store, Clock clock) throws IOException {
        try (AgentSession session = agent(store, clock)) {
            AgentClient client = session.client();
            for (SnapshotInfo snapshot : client.list()) {
                client.manifest(snapshot.name());
                client.sums(snapshot.name(), OutputStream.nullOutputStream(), Long.MAX_VALUE);
                AgentClient.EntryList entries = client.entries(snapshot.name());
                while (entries.next().isPresent()) {
                    continue;
                }
            }
        }
    }

    /**
     * A session with an agent serving the store on a thread of this JVM, through a loopback socket (whose ends,
     * unlike a pipe's, outlive the threads that used them: a collection's own threads come and go); closing it says
     * BYE and waits for the agent to end.
     */
    private static AgentSession agent(Path store, Clock clock) {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
            Socket served = listener.accept();
            Thread server = new Thread(() -> {
                try (served) {
                    int code = ServeCommand.serve(new ServeCommand.Options(store, "training", false),
                            AgentProtocol.COMMAND + " " + AgentProtocol.VERSION, served.getInputStream(),
                            served.getOutputStream(), new PrintWriter(OutputStream.nullOutputStream()), clock);
                    if (code != ExitCodes.OK) {
                        throw new KaizenException("training agent ended with exit " + code);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "kaizen-training-agent");
            server.start();
            AgentClient client = new AgentClient(socket.getInputStream(), socket.getOutputStream());
            return new AgentSession() {
                @Override
                public AgentClient client() {
                    return client;
                }

                @Override
                public void abort() {
                    try {
                        socket.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public String diagnostics() {
                    return "";
                }

                @Override
                public void close() {
                    try (socket) {
                        client.bye();
                    } catch (IOException e) {
                        // closed before (a collection closes what it aborted): the agent ends with its connection
                    }
                    join(server);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
