package io.kaizen.backup.remote;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.Session;
import io.kaizen.backup.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The one SSH client: opens sessions with the policy of this package, our key only (public-key authentication,
 * no agent, no passwords), our known_hosts only with strict checking, timeouts and keepalives, and runs single
 * commands with an overall time limit ({@link #exec}). Thread-safe; one instance serves every node of a run.
 */
public final class SshConnector {
    private final SshSettings settings;

    public SshConnector(SshSettings settings) {
        this.settings = settings;
    }

    public SshSettings settings() {
        return settings;
    }

    /**
     * An authenticated session to {@code target}, or a {@link RemoteException} saying why not. {@code warnings}
     * hears what the operator should know though the session was opened: a node's key that was pinned only under
     * its address and is now pinned under its name as well.
     */
    public SshSession connect(SshTarget target, Consumer<String> warnings) {
        return open(target, settings.connectTimeout(), session -> { }, warnings);
    }

    /**
     * Connects to {@code target}, runs {@code command} there with its stdout written to {@code stdout}, and
     * returns how it ended. The whole exchange, connecting included, ends within {@code limit}: then the session
     * is cut and the command fails as {@link RemoteException.Kind#TIMEOUT}. Reads block (no polling). A failure to
     * write {@code stdout} is the caller's {@link IOException}.
     */
    public CommandOutcome exec(SshTarget target, String command, OutputStream stdout, Duration limit) throws IOException {
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kaizen-ssh-limit");
            thread.setDaemon(true);
            return thread;
        });
        Duration connectTimeout = limit.compareTo(settings.connectTimeout()) < 0 ? limit : settings.connectTimeout();
        Consumer<Session> cutAtLimit = session -> timer.schedule(() -> {
            timedOut.set(true);
            session.disconnect();
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
        // a device is pinned under its address: there is no address pin to move, so nothing to warn about
        try (SshSession session = open(target, connectTimeout, cutAtLimit, warning -> { });
             SshSession.RemoteCommand running = session.start(command)) {
            running.stdout().transferTo(stdout);
            if (!running.awaitEnd(limit) || timedOut.get()) {
                throw timeout(target, command, limit);
            }
            return new CommandOutcome(running.exitStatus(), running.stderr(), "JSch " + JSch.VERSION,
                    session.serverVersion());
        } catch (RemoteException | IOException e) {
            if (timedOut.get()) {
                throw timeout(target, command, limit);
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException(RemoteException.Kind.TIMEOUT, "interrupted while running '" + command + "' on "
                    + target, e);
        } finally {
            timer.shutdownNow();
        }
    }

    /** The host key {@code target} presents, fetched without authenticating (for enrolment). */
    public HostKey probeHostKey(SshTarget target) {
        PinnedHostKeys keys = new PinnedHostKeys(KnownHosts.read(java.nio.file.Path.of("/dev/null")), target, false);
        Session session = newSession(target, keys, false);
        try {
            session.connect(millis(settings.connectTimeout()));
        } catch (JSchException e) {
            if (keys.presented() != null) {
                return keys.presented();
            }
            throw classify(target, keys, e);
        } finally {
            session.disconnect();
        }
        throw new RemoteException(RemoteException.Kind.PROTOCOL, target + ": no host key was offered");
    }

    /**
     * Opens a session; {@code created} sees the JSch session before it connects (to cut it from elsewhere). A key
     * accepted on first use is pinned under the target's alias; so is a node's key accepted under its address.
     */
    private SshSession open(SshTarget target, Duration connectTimeout, Consumer<Session> created,
                            Consumer<String> warnings) {
        if (settings.identity() == null) {
            throw new ConfigException("no private key given");
        }
        if (!Files.isReadable(settings.identity())) {
            throw new ConfigException("private key " + settings.identity() + " does not exist or is not readable");
        }
        KnownHosts known = KnownHosts.read(settings.knownHosts());
        PinnedHostKeys keys = new PinnedHostKeys(known, target, settings.acceptNew());
        Session session = newSession(target, keys, true);
        created.accept(session);
        try {
            session.connect(millis(connectTimeout));
        } catch (JSchException e) {
            session.disconnect();
            throw classify(target, keys, e);
        }
        try {
            if (keys.verdict() == PinnedHostKeys.Verdict.UNKNOWN) {
                KnownHosts.pin(settings.knownHosts(), target.hostKeyAlias(), keys.presented(), "pinned on first use");
            } else if (keys.verdict() == PinnedHostKeys.Verdict.MATCHED_BY_ADDRESS) {
                KnownHosts.pin(settings.knownHosts(), target.hostKeyAlias(), keys.presented(),
                        "re-pinned from " + target.addressAlias());
                warnings.accept("the host key of " + PinnedHostKeys.describe(target.hostKeyAlias()) + " ("
                        + keys.presented().describe() + ") was pinned only under its address " + target.addressAlias()
                        + " in " + settings.knownHosts() + "; accepted, and pinned under " + target.hostKeyAlias()
                        + " from now on (address pins of nodes are accepted in this release only)");
            }
        } catch (RemoteException e) {
            session.disconnect();
            throw new RemoteException(e.kind(), target + ": " + e.getMessage(), e);
        }
        return new SshSession(session, target, millis(connectTimeout));
    }

    private static RemoteException timeout(SshTarget target, String command, Duration limit) {
        return new RemoteException(RemoteException.Kind.TIMEOUT, "'" + command + "' on " + target
                + " did not finish within " + limit.toSeconds() + " s; the session was cut");
    }

    private Session newSession(SshTarget target, PinnedHostKeys keys, boolean withIdentity) {
        try {
            JSch jsch = new JSch();
            if (withIdentity) {
                jsch.addIdentity(settings.identity().toString());
            }
            jsch.setHostKeyRepository(keys);
            Session session = jsch.getSession(target.user(), target.address(), target.port());
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("HashKnownHosts", "no");
            session.setConfig("PreferredAuthentications", "publickey");
            session.setConfig("server_host_key", hostKeyAlgorithms(keys.pinned()));
            session.setServerAliveInterval(millis(settings.keepAlive()));
            session.setServerAliveCountMax(3);
            return session;
        } catch (JSchException e) {
            throw new ConfigException("cannot use private key " + settings.identity() + ": " + e.getMessage(), e);
        }
    }

    /** Only the algorithms of the pinned key types when some are pinned (so a pinned host is never asked for another type). */
    static String hostKeyAlgorithms(List<HostKey> pinned) {
        List<String> all = Arrays.asList(JSch.getConfig("server_host_key").split(","));
        if (pinned.isEmpty()) {
            return String.join(",", all);
        }
        List<String> types = pinned.stream().map(HostKey::type).distinct().toList();
        String chosen = all.stream().filter(a -> types.stream().anyMatch(t -> algorithmFor(a, t)))
                .collect(Collectors.joining(","));
        return chosen.isEmpty() ? String.join(",", all) : chosen;
    }

    private static boolean algorithmFor(String algorithm, String keyType) {
        return algorithm.equals(keyType) || (keyType.equals("ssh-rsa") && algorithm.startsWith("rsa-sha2-"));
    }

    private RemoteException classify(SshTarget target, PinnedHostKeys keys, JSchException e) {
        PinnedHostKeys.Verdict verdict = keys.verdict();
        if (e instanceof JSchHostKeyException || (verdict != PinnedHostKeys.Verdict.MATCHED
                && verdict != PinnedHostKeys.Verdict.MATCHED_BY_ADDRESS && verdict != PinnedHostKeys.Verdict.NOT_CHECKED
                && !(verdict == PinnedHostKeys.Verdict.UNKNOWN && settings.acceptNew()))) {
            RemoteException.Kind kind = switch (verdict) {
                case UNKNOWN -> RemoteException.Kind.HOST_KEY_UNKNOWN;
                case CLAIMED -> RemoteException.Kind.HOST_KEY_CLAIMED;
                default -> RemoteException.Kind.HOST_KEY_CHANGED;
            };
            return new RemoteException(kind, target + ": " + keys.refusal(), e);
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Throwable cause = e.getCause();
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
            return new RemoteException(RemoteException.Kind.AUTH_REFUSED, target + ": authentication as " + target.user()
                    + " with key " + settings.identity() + " was refused (is its public key in the authorized_keys of "
                    + target.user() + " there?): " + message, e);
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                || cause instanceof UnknownHostException) {
            return new RemoteException(RemoteException.Kind.UNREACHABLE, target + ": unreachable: " + cause.getMessage(), e);
        }
        if (cause instanceof SocketTimeoutException || message.toLowerCase(Locale.ROOT).contains("timeout")
                || message.toLowerCase(Locale.ROOT).contains("timed out")) {
            return new RemoteException(RemoteException.Kind.TIMEOUT, target + ": no SSH answer within "
                    + settings.connectTimeout().toSeconds() + "s (" + message + ")", e);
        }
        return new RemoteException(RemoteException.Kind.UNREACHABLE, target + ": SSH connection failed: " + message, e);
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
