package io.kaizen.backup.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * Runs kaizen in the test's own JVM, with a fixed clock and stdout and stderr captured, for the integration tests
 * that need no separate process. A test that does (signals, kill -9, the launcher's exit code, the process
 * environment such as {@code LANG} or cron's bare one) uses {@link KaizenProcess}.
 */
final class InProcess {
    private InProcess() {
    }

    /** Runs one command line at {@code clock}'s time; its words as {@link KaizenProcess#run} reports them. */
    static KaizenProcess.Result run(Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Kaizen.run(args, new PrintWriter(out), new PrintWriter(err), clock);
        return new KaizenProcess.Result(code, out.toString(), err.toString());
    }

    /** A clock stopped at 02:30 UTC on {@code date}, when the nightly cron job runs. */
    static Clock at(LocalDate date) {
        return Clock.fixed(date.atTime(LocalTime.of(2, 30)).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    }
}
