package io.kaizen.backup.cli;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** Maps what went wrong to the exit codes of README.md, "Exit codes". */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int WARNINGS = 3;

    private ExitCodes() {
    }

    static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        commandLine.getErr().println("kaizen " + commandLine.getCommandName() + ": " + message(e));
        return e instanceof ConfigException ? USAGE : FAILED;
    }

    static int handleUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        commandLine.getErr().println("kaizen: " + e.getMessage());
        commandLine.getErr().println("Try 'kaizen " + (commandLine.getParent() == null ? "" : commandLine.getCommandName() + " ")
                + "--help' for more information.");
        return USAGE;
    }

    private static String message(Exception e) {
        if (e instanceof KaizenException || e instanceof UncheckedIOException) {
            return e.getMessage();
        }
        return "internal error: " + e;
    }
}
