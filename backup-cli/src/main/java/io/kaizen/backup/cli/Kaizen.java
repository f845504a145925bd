package io.kaizen.backup.cli;

import io.kaizen.backup.Version;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kaizen}: the root command. */
@Command(name = "kaizen",
        mixinStandardHelpOptions = true,
        versionProvider = Kaizen.VersionProvider.class,
        subcommands = {SnapshotCommand.class, ListCommand.class, VerifyCommand.class, PruneCommand.class,
                StatusCommand.class, RestoreCommand.class, DiffCommand.class, LogCommand.class, DrillCommand.class,
                CollectCommand.class, ReplicateCommand.class, OffsiteCommand.class, ReportCommand.class, EnrollCommand.class, ServeCommand.class, InstallCommand.class,
                CommandLine.HelpCommand.class},
        description = {
                "Kaizen Backup: dated, hard-linked, verifiable snapshots of a node's paths and database dumps.",
                "",
                "Every snapshot is a plain directory STORE/YYYY-MM-DD holding each source under its absolute path; files unchanged since the previous snapshot are hard links to it, so each snapshot is a full tree you can browse with ls and restore with cp. A snapshot appears only when complete (atomic rename)."},
        footerHeading = "%nExit status:%n",
        footer = {
                "  0  success",
                "  1  the run failed (a source failed, a snapshot did not verify, the store is locked, too old)",
                "  2  bad usage or configuration; nothing was changed",
                "  3  completed with warnings (e.g. files vanished while being copied)",
                "  129, 130, 143  stopped by SIGHUP, SIGINT, SIGTERM (128 + the signal's number)",
                "",
                "Output: the log goes to stdout, problems to stderr, so cron's MAILTO mails only failures when",
                "stdout is redirected to a log file. Run 'kaizen help COMMAND' for a command's options."})
public final class Kaizen {
    private final Clock clock;

    Kaizen(Clock clock) {
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        SignalHandling.install(err);
        SignalHandling.exit(run(args, out, err, Clock.systemDefaultZone()));
    }

    /** Runs one command line; returns its exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err, Clock clock) {
        CommandLine commandLine = commandLine(clock);
        commandLine.setOut(out);
        commandLine.setErr(err);
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine(Clock clock) {
        CommandLine commandLine = new CommandLine(new Kaizen(clock));
        commandLine.setExecutionExceptionHandler(ExitCodes::handle);
        commandLine.setParameterExceptionHandler(ExitCodes::handleUsage);
        commandLine.setUsageHelpLongOptionsMaxWidth(30);
        commandLine.setUsageHelpWidth(100);
        return commandLine;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kaizen " + Version.current(), "Java " + Runtime.version()};
        }
    }
}
