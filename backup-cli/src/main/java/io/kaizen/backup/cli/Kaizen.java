package io.kaizen.backup.cli;

import io.kaizen.backup.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kaizen}: the root command. */
@Command(name = "kaizen",
        mixinStandardHelpOptions = true,
        versionProvider = Kaizen.VersionProvider.class,
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
        SignalHandling.exit(run(args, out, err, clock(args)));
    }

    /**
     * The clock of a command line: the system's, in the local time zone, except for {@code kaizen --version} and
     * {@code kaizen serve}, which tell no local time (serve's HELLO carries milliseconds, its session lock an
     * instant) and run in UTC, so that their start does not read the time-zone database (nor look for more of it
     * in the jar, which it would open for that).
     */
    static Clock clock(String[] args) {
        boolean zoneless = isVersionRequest(args) || ServeCommand.Options.parse(args).isPresent();
        return zoneless ? Clock.systemUTC() : Clock.systemDefaultZone();
    }

    /** Runs one command line; returns its exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err, Clock clock) {
        if (isVersionRequest(args)) {
            for (String line : versionLines()) {
                out.println(line);
            }
            out.flush();
            return ExitCodes.OK;
        }
        Optional<ServeCommand.Options> serve = ServeCommand.Options.parse(args);
        if (serve.isPresent()) {
            return serve(serve.get(), err, clock);
        }
        CommandLine commandLine = commandLine(clock, args);
        commandLine.setOut(out);
        commandLine.setErr(err);
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** {@code kaizen serve}, the forced command of every pull, without picocli ({@link ServeCommand.Options#parse}). */
    private static int serve(ServeCommand.Options options, PrintWriter err, Clock clock) {
        int code;
        try {
            code = ServeCommand.serve(options, err, clock);
        } catch (IOException | RuntimeException e) {
            code = ExitCodes.failed("serve", e, ServeCommand.Options.NAMES::contains, err);
        }
        err.flush();
        return code;
    }

    static CommandLine commandLine(Clock clock, String[] args) {
        CommandLine commandLine = new CommandLine(new Kaizen(clock));
        for (Class<?> subcommand : reachable(args)) {
            commandLine.addSubcommand(subcommand);
        }
        commandLine.setExecutionExceptionHandler(ExitCodes::handle);
        commandLine.setParameterExceptionHandler(ExitCodes::handleUsage);
        commandLine.setUsageHelpLongOptionsMaxWidth(30);
        commandLine.setUsageHelpWidth(100);
        return commandLine;
    }

    /**
     * The subcommands a command line can reach: the one it names first, none for a bare version request, and
     * all of them otherwise (usage help lists them, 'help' looks one up, an unknown name is reported with them).
     */
    static List<Class<?>> reachable(String[] args) {
        if (isVersionRequest(args)) {
            return List.of();
        }
        Map<String, Class<?>> subcommands = subcommands();
        if (args.length > 0 && !args[0].equals("help") && subcommands.containsKey(args[0])) {
            return List.of(subcommands.get(args[0]));
        }
        return List.copyOf(subcommands.values());
    }

    /** A bare {@code --version}: answered before the command line is parsed, so a start-up costs the JVM only. */
    private static boolean isVersionRequest(String[] args) {
        return args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"));
    }

    /**
     * The subcommands by name, in the order the usage help lists them. Only those a command line can reach are
     * built (picocli reads every option of every command it is given, which would cost each start-up far more
     * than the command that runs); none is even loaded before a command line needs picocli (picocli's classes,
     * which the class-data archive cannot hold, are read from the jar: {@code kaizen serve} never does).
     */
    static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        byName.put("snapshot", SnapshotCommand.class);
        byName.put("list", ListCommand.class);
        byName.put("verify", VerifyCommand.class);
        byName.put("prune", PruneCommand.class);
        byName.put("status", StatusCommand.class);
        byName.put("restore", RestoreCommand.class);
        byName.put("diff", DiffCommand.class);
        byName.put("log", LogCommand.class);
        byName.put("drill", DrillCommand.class);
        byName.put("collect", CollectCommand.class);
        byName.put("replicate", ReplicateCommand.class);
        byName.put("offsite", OffsiteCommand.class);
        byName.put("report", ReportCommand.class);
        byName.put("enroll", EnrollCommand.class);
        byName.put("serve", ServeCommand.class);
        byName.put("install", InstallCommand.class);
        byName.put("help", CommandLine.HelpCommand.class);
        return Collections.unmodifiableMap(byName);
    }

    /** What {@code kaizen --version} prints (answered without picocli, whose classes the archive cannot hold). */
    private static String[] versionLines() {
        return new String[] {"kaizen " + Version.current(), "Java " + Runtime.version()};
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return versionLines();
        }
    }
}
