package io.kaizen.backup.remote;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import io.kaizen.backup.KaizenException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one command over SSH and streams its stdout. The host key must be pinned in the target's known_hosts
 * (strict checking: an unknown or changed key is refused, nothing is ever added); authentication is by public
 * key only; the whole exchange, connecting included, ends within the timeout, after which the session is cut.
 */
public final class SshExec {
    private static final int STDERR_LIMIT = 16 * 1024;

    private SshExec() {
    }

    /** How the command ended: its exit status, its stderr (the first 16 KiB), and the server's version string. */
    public record Outcome(int exitStatus, String stderr, String serverVersion) {
        public String lastError() {
            String[] lines = stderr.strip().split("\n");
            return lines[lines.length - 1].isBlank() ? "(no message on stderr)" : lines[lines.length - 1].strip();
        }
    }

    /** The client's name and version, as recorded in manifests. */
    public static String clientVersion() {
        return "JSch " + JSch.VERSION;
    }

    /**
     * Runs {@code command} on {@code target} with its stdout written to {@code stdout}. Refusals (host key,
     * authentication), connection failures and timeouts are {@link KaizenException}s whose message says which.
     */
    public static Outcome run(SshCommandTarget target, String command, OutputStream stdout, Duration timeout) {
        if (!Files.isReadable(target.knownHosts())) {
            throw new KaizenException("known-hosts file " + target.knownHosts() + " does not exist or is not readable");
        }
        JSch jsch = new JSch();
        try {
            jsch.setKnownHosts(target.knownHosts().toString());
            jsch.addIdentity(target.identity().toString());
        } catch (JSchException e) {
            throw new KaizenException("cannot load the SSH identity " + target.identity() + " or known-hosts "
                    + target.knownHosts() + ": " + e.getMessage(), e);
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kaizen-ssh-timeout");
            thread.setDaemon(true);
            return thread;
        });
        Session session = null;
        ChannelExec channel = null;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            session = jsch.getSession(target.user(), target.host(), target.port());
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications", "publickey");
            session.setConfig("HashKnownHosts", "no");
            Session cut = session;
            timer.schedule(() -> {
                timedOut.set(true);
                cut.disconnect();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            session.connect(remainingMillis(deadline));
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command);
            channel.setInputStream(null);
            ByteArrayOutputStream stderr = new BoundedBuffer();
            channel.setErrStream(stderr, true);
            InputStream in = channel.getInputStream();
            channel.connect(remainingMillis(deadline));
            in.transferTo(stdout);
            while (!channel.isClosed() && !timedOut.get()) {
                Thread.sleep(10);
            }
            if (timedOut.get()) {
                throw timeoutError(target, command, timeout);
            }
            return new Outcome(channel.getExitStatus(), stderr.toString(StandardCharsets.UTF_8), session.getServerVersion());
        } catch (JSchChangedHostKeyException e) {
            throw new KaizenException("host key of " + target.knownHostsName() + " does not match the key pinned in "
                    + target.knownHosts() + ": refusing to connect (if the device's key really changed, replace its "
                    + "line there after checking the new fingerprint)", e);
        } catch (JSchUnknownHostKeyException e) {
            throw new KaizenException(target.knownHostsName() + " has no pinned host key in " + target.knownHosts()
                    + ": refusing to connect (add its key there after checking its fingerprint)", e);
        } catch (JSchException e) {
            if (timedOut.get()) {
                throw timeoutError(target, command, timeout);
            }
            throw new KaizenException(describe(target, e), e);
        } catch (IOException e) {
            if (timedOut.get()) {
                throw timeoutError(target, command, timeout);
            }
            throw new KaizenException("ssh " + target.display() + " '" + command + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KaizenException("interrupted while running '" + command + "' on " + target.display(), e);
        } finally {
            timer.shutdownNow();
            if (channel != null) {
                channel.disconnect();
            }
            if (session != null) {
                session.disconnect();
            }
        }
    }

    private static KaizenException timeoutError(SshCommandTarget target, String command, Duration timeout) {
        return new KaizenException("'" + command + "' on " + target.display() + " did not finish within "
                + timeout.toSeconds() + " s; the session was cut");
    }

    private static int remainingMillis(long deadline) {
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static String describe(SshCommandTarget target, JSchException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Auth fail") || message.contains("Auth cancel")) {
            return "authentication as " + target.user() + " with key " + target.identity() + " was refused by "
                    + target.knownHostsName();
        }
        if (e.getCause() instanceof ConnectException || e.getCause() instanceof UnknownHostException) {
            return "cannot connect to " + target.knownHostsName() + ": " + e.getCause().getMessage();
        }
        return "ssh " + target.display() + ": " + message;
    }

    /** Keeps the first {@value #STDERR_LIMIT} bytes. */
    private static final class BoundedBuffer extends ByteArrayOutputStream {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, Math.max(0, Math.min(len, STDERR_LIMIT - count)));
        }

        @Override
        public synchronized void write(int b) {
            if (count < STDERR_LIMIT) {
                super.write(b);
            }
        }
    }
}
