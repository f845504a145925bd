package io.kaizen.backup.cli;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Predicate;
import picocli.CommandLine;

/** Maps what went wrong to the exit codes (README.md, "Exit codes") and says it in the command line's terms. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int WARNINGS = 3;

    /** Settings whose option has another name. */
    private static final Map<String, String> OPTIONS = Map.of("sources", "source", "store", "dest", "bandwidth-limit",
            "bwlimit");

    private ExitCodes() {
    }

    static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        return failed(commandLine.getCommandName(), e,
                option -> commandLine.getCommandSpec().findOption(option) != null, commandLine.getErr());
    }

    /**
     * Reports on {@code err} that {@code command} failed with {@code e} and returns its exit code; {@code hasOption}
     * says whether the command has an option (such as {@code --keep-days}).
     */
    static int failed(String command, Exception e, Predicate<String> hasOption, PrintWriter err) {
        err.println("kaizen " + command + ": " + message(e, hasOption));
        return e instanceof ConfigException ? USAGE : FAILED;
    }

    static int handleUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        commandLine.getErr().println("kaizen: " + e.getMessage());
        commandLine.getErr().println("Try 'kaizen " + (commandLine.getParent() == null ? "" : commandLine.getCommandName() + " ")
                + "--help' for more information.");
        return USAGE;
    }

    /**
     * What went wrong, in the command line's terms: a setting that the command takes as an option is named as the
     * option ({@code keep-days ...} becomes {@code --keep-days ...}, {@code sources: ...} becomes
     * {@code --source: ...}).
     */
    private static String message(Exception e, Predicate<String> hasOption) {
        if (e instanceof ConfigException c && c.setting().isPresent()) {
            String setting = c.setting().get();
            String option = "--" + OPTIONS.getOrDefault(setting, setting);
            return !hasOption.test(option) ? c.getMessage()
                    : option + c.getMessage().substring(setting.length());
        }
        if (e instanceof KaizenException || e instanceof UncheckedIOException) {
            return e.getMessage();
        }
        return "internal error: " + e;
    }
}
