package io.kaizen.backup.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

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

    /**
     * A clock that starts at 02:30 UTC on {@code date}, when the nightly cron job runs, and advances one millisecond
     * each time it is read: deterministic, yet a run ends after it started.
     */
    static Clock at(LocalDate date) {
        return new SteppingClock(date.atTime(LocalTime.of(2, 30)).toInstant(ZoneOffset.UTC));
    }

    private static final class SteppingClock extends Clock {
        private final Instant start;
        private final AtomicLong readings = new AtomicLong();

        SteppingClock(Instant start) {
            this.start = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("kaizen is handed this clock in UTC and keeps it so");
        }

        @Override
        public Instant instant() {
            return start.plusMillis(readings.getAndIncrement());
        }
    }
}
