package io.kaizen.backup.cli;

import io.kaizen.backup.store.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Where a command's words go: the log on stdout, problems on stderr, JSON alone on stdout with --json. */
final class Output {
    private final PrintWriter out;
    private final PrintWriter err;
    private final CommonOptions options;
    private final boolean terminal;

    Output(PrintWriter out, PrintWriter err, CommonOptions options) {
        this.out = out;
        this.err = err;
        this.options = options;
        this.terminal = System.console() != null;
    }

    /** A log line (suppressed by --quiet and --json). */
    void log(String line) {
        if (!options.quiet && !options.json) {
            out.println(line);
        }
    }

    /** A line that is the command's result (printed even with --quiet; not with --json). */
    void result(String line) {
        if (!options.json) {
            out.println(line);
        }
    }

    /** Progress, shown only on a terminal (never under cron). */
    void progress(String line) {
        if (terminal) {
            log(line);
        }
    }

    /** A problem: always shown, on stderr. */
    void problem(String line) {
        err.println(line);
    }

    boolean json() {
        return options.json;
    }

    void printJson(Object value) {
        try {
            out.println(Json.mapper().writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
