package io.kaizen.backup.remote;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.kaizen.backup.process.TailBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** One authenticated SSH connection. {@link #close()} may be called from any thread to cut it. */
public final class SshSession implements AutoCloseable {
    private static final int STDERR_TAIL = 8 * 1024;
    private final Session session;
    private final SshTarget target;
    private final int connectTimeoutMillis;

    SshSession(Session session, SshTarget target, int connectTimeoutMillis) {
        this.session = session;
        this.target = target;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    public SshTarget target() {
        return target;
    }

    /** The version string the server sent, e.g. {@code SSH-2.0-OpenSSH_9.6}. */
    public String serverVersion() {
        return session.getServerVersion();
    }

    /** Starts {@code command} on the host (no PTY, no agent or X11 forwarding) and returns its streams. */
    public RemoteCommand start(String command) {
        try {
            ChannelExec channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command.getBytes(StandardCharsets.UTF_8));
            channel.setPty(false);
            channel.setAgentForwarding(false);
            channel.setXForwarding(false);
            Stderr stderr = new Stderr();
            channel.setErrStream(stderr, false);
            InputStream in = channel.getInputStream();
            OutputStream out = channel.getOutputStream();
            channel.connect(connectTimeoutMillis);
            return new RemoteCommand(channel, in, out, stderr);
        } catch (JSchException | IOException e) {
            throw new RemoteException(RemoteException.Kind.REFUSED, target + ": cannot run a command: " + e.getMessage(), e);
        }
    }

    public boolean isConnected() {
        return session.isConnected();
    }

    @Override
    public void close() {
        session.disconnect();
    }

    /** A command running on the host. */
    public static final class RemoteCommand implements AutoCloseable {
        private final ChannelExec channel;
        private final InputStream in;
        private final OutputStream out;
        private final Stderr stderr;

        RemoteCommand(ChannelExec channel, InputStream in, OutputStream out, Stderr stderr) {
            this.channel = channel;
            this.in = in;
            this.out = out;
            this.stderr = stderr;
        }

        public InputStream stdout() {
            return in;
        }

        public OutputStream stdin() {
            return out;
        }

        /** The last few KiB the command wrote on stderr. */
        public String stderr() {
            return stderr.tail.text().strip();
        }

        /** The exit status, or -1 while it runs or when the host did not report one. */
        public int exitStatus() {
            return channel.getExitStatus();
        }

        /**
         * Blocks until the channel is closed (the host closed it after the exit status, or the session was cut),
         * at most {@code limit}; whether it was.
         */
        public boolean awaitEnd(Duration limit) throws InterruptedException {
            return stderr.closed.await(Math.max(0, limit.toNanos()), TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
            channel.disconnect();
        }
    }

    /** The command's stderr: its tail is kept, and JSch closing it marks the end of the channel. */
    private static final class Stderr extends OutputStream {
        private final TailBuffer tail = new TailBuffer(STDERR_TAIL);
        private final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void write(int b) {
            tail.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            tail.write(b, off, len);
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
