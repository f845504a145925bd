package io.kaizen.backup.remote;

import io.kaizen.backup.process.TailBuffer;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** One authenticated SSH connection to a node. {@link #close()} may be called from any thread to cut it. */
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

    /** Runs {@code command} on the node (no PTY, no agent or X11 forwarding) and returns its streams. */
    public RemoteCommand exec(String command) {
        try {
            ChannelExec channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command.getBytes(StandardCharsets.UTF_8));
            channel.setPty(false);
            channel.setAgentForwarding(false);
            channel.setXForwarding(false);
            TailBuffer stderr = new TailBuffer(STDERR_TAIL);
            channel.setErrStream(stderr, true);
            InputStream in = channel.getInputStream();
            OutputStream out = channel.getOutputStream();
            channel.connect(connectTimeoutMillis);
            return new RemoteCommand(channel, in, out, stderr);
        } catch (JSchException | java.io.IOException e) {
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

    /** A command running on the node. */
    public static final class RemoteCommand implements AutoCloseable {
        private final ChannelExec channel;
        private final InputStream in;
        private final OutputStream out;
        private final TailBuffer stderr;

        RemoteCommand(ChannelExec channel, InputStream in, OutputStream out, TailBuffer stderr) {
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
            return stderr.text().strip();
        }

        /** The exit status, or -1 while it runs or when the node did not report one. */
        public int exitStatus() {
            return channel.getExitStatus();
        }

        @Override
        public void close() {
            channel.disconnect();
        }
    }
}
