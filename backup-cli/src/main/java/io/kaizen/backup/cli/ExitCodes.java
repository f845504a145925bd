package io.kaizen.backup.cli;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import java.io.UncheckedIOException;
import java.util.Map;
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
        commandLine.getErr().println("kaizen " + commandLine.getCommandName() + ": " + message(e, commandLine));
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
    private static String message(Exception e, CommandLine commandLine) {
        if (e instanceof ConfigException c && c.setting().isPresent()) {
            String setting = c.setting().get();
            String option = "--" + OPTIONS.getOrDefault(setting, setting);
            return commandLine.getCommandSpec().findOption(option) == null ? c.getMessage()
                    : option + c.getMessage().substring(setting.length());
        }
        if (e instanceof KaizenException || e instanceof UncheckedIOException) {
            return e.getMessage();
        }
        return "internal error: " + e;
    }
}
