package io.kaizen.backup.cli;

import ch.qos.logback.classic.Level;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.remote.agent.AgentServer;
import io.kaizen.backup.remote.agent.ForcedCommand;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.StoreLock;
import io.kaizen.backup.store.StoreLockedException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "serve", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "The node's agent: the SSH forced command of the backup user. Serves STORE read-only to a collector over stdin/stdout.",
                "",
                "It reads the command the client asked for from SSH_ORIGINAL_COMMAND and runs exactly one of: the kaizen agent protocol ('kaizen-agent 1': list complete snapshots, manifests, sums, file lists, file contents, deltas), or, with --allow-rsync only, an rsync sender ('/usr/bin/rsync --server --sender ...') for paths inside complete snapshots of STORE. Everything else is refused: an interactive shell, other commands, rsync unless allowed, writes, paths outside the store, '..', symlinked parents, wildcards, partial snapshots. One session per store at a time: a second one is refused while the first runs."},
        footerHeading = "%nSet-up on a node (see README, 'Collection'):%n",
        footer = {
                "  ~kaizen-backup/.ssh/authorized_keys:",
                "    restrict,command=\"sudo -n /usr/local/bin/kaizen serve --store /backups\" ssh-ed25519 AAAA... collector",
                "  /etc/sudoers.d/kaizen-backup:",
                "    Defaults:kaizen-backup env_keep += \"SSH_ORIGINAL_COMMAND\"",
                "    kaizen-backup ALL=(root) NOPASSWD: /usr/local/bin/kaizen serve --store /backups",
                "",
                "Example (what a collector runs, by hand):  ssh kaizen-backup@node rsync ... ; kaizen collect ..."})
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    Kaizen root;

    @Spec
    CommandSpec spec;

    @Option(names = "--store", paramLabel = "STORE", required = true, description = "The store to serve (e.g. /backups).")
    Path store;

    @Option(names = "--host", paramLabel = "NAME", description = "Host name to greet with (default: this host's name).")
    String host;

    @Option(names = "--allow-rsync", description = "Also serve rsync senders (rsync server mode, off by default: the "
            + "collector never needs it; a plain 'rsync -e ssh node:...' does).")
    boolean allowRsync;

    @Override
    public Integer call() throws IOException {
        return serve(new Options(store, host, allowRsync), spec.commandLine().getErr(), root.clock());
    }

    /**
     * Serves as {@code options} say: the whole command but its parsing, shared by picocli's path ({@link #call})
     * and the forced command's ({@link Kaizen#run}, when {@link Options#parse} reads the line).
     */
    static int serve(Options options, PrintWriter err, Clock clock) throws IOException {
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        return serve(options, System.getenv("SSH_ORIGINAL_COMMAND"), new FileInputStream(FileDescriptor.in), protocol,
                err, clock);
    }

    /**
     * Serves the client's {@code command} (sshd's {@code SSH_ORIGINAL_COMMAND}) as {@code options} say, the agent
     * protocol on {@code in} and {@code protocol}: what a forced command does once its stdout is kept for frames
     * (and what the class-data archive's training run does on a loopback socket).
     */
    static int serve(Options options, String command, InputStream in, OutputStream protocol, PrintWriter err,
            Clock clock) throws IOException {
        ConsoleLogging.setRootLevel(Level.OFF);
        SnapshotStore snapshots = SnapshotStore.at(options.store());
        if (!snapshots.exists()) {
            err.println("kaizen serve: refused: no store at " + snapshots.root());
            return ExitCodes.USAGE;
        }
        ForcedCommand.Decision decision;
        try {
            decision = ForcedCommand.decide(command, snapshots.root(),
                    name -> snapshots.find(name).filter(s -> s.dir().getFileName().toString().equals(name.toString()))
                            .isPresent(), options.allowRsync());
        } catch (ForcedCommand.Refused e) {
            err.println("kaizen serve: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        String name = options.host() != null ? options.host() : LocalHost.name();
        try (StoreLock session = snapshots.serveLock(StoreLock.Holder.currentProcess(name, clock.instant()))) {
            if (decision instanceof ForcedCommand.Rsync rsync) {
                return ChildProcess.runAttached(rsync.argv());
            }
            new AgentServer(snapshots, clock, name).serve(in, protocol);
            protocol.flush();
            return ExitCodes.OK;
        } catch (StoreLockedException e) {
            err.println("kaizen serve: refused: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    /**
     * The options of {@code kaizen serve}.
     *
     * @param host null for this host's name
     */
    record Options(Path store, String host, boolean allowRsync) {
        /** The options serve takes, besides help. */
        static final Set<String> NAMES = Set.of("--store", "--host", "--allow-rsync");

        /**
         * The options of {@code args} when it is {@code serve} with nothing but {@code --store}, {@code --host} and
         * {@code --allow-rsync}, each at most once and {@code --store} given (a forced command's line), read without
         * picocli: picocli's own classes, which the class-data archive cannot hold, would cost every pull of every
         * node more than the answers. Empty for anything else (help, an unknown, repeated or missing option, a
         * value that looks like an option), which picocli then reads and reports as for every other command.
         */
        static Optional<Options> parse(String[] args) {
            if (args.length < 2 || !args[0].equals("serve")) {
                return Optional.empty();
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                int equals = arg.indexOf('=');
                String option = equals < 0 ? arg : arg.substring(0, equals);
                String value;
                if (option.equals("--allow-rsync") && equals < 0) {
                    value = "";
                } else if (!option.equals("--store") && !option.equals("--host")) {
                    return Optional.empty();
                } else if (equals >= 0) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                    value = args[++i];
                } else {
                    return Optional.empty();
                }
                if (values.putIfAbsent(option, value) != null) {
                    return Optional.empty();
                }
            }
            String store = values.get("--store");
            if (store == null || store.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Options(Path.of(store), values.get("--host"), values.containsKey("--allow-rsync")));
        }
    }
}
