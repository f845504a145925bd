package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The command line in-process: help, usage errors and exit codes. */
class KaizenCliTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Kaizen.run(args, new PrintWriter(out), new PrintWriter(err), Clock.systemUTC());
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Run help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("snapshot", "list", "verify", "prune", "status", "restore")
                .contains("2  bad usage or configuration; nothing was changed")
                .contains("3  completed with warnings");
        assertThat(help.err()).isEmpty();
    }

    @Test
    void eachCommandHasHelpWithExamples() {
        for (String command : new String[] {"snapshot", "list", "verify", "prune", "status", "restore", "diff", "log",
                "drill", "collect", "enroll", "report", "install"}) {
            Run help = run(command, "--help");
            assertThat(help.code()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: kaizen " + command).contains("--config")
                    .contains("--json").containsIgnoringCase("example");
        }
        assertThat(run("snapshot", "--help").out()).contains("--keep-days", "--exclude", "--date", "anchored");
    }

    @Test
    void usageErrorsExitTwoWithAHintOnStderr() {
        Run unknown = run("snapshot", "--bogus");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--bogus'").contains("kaizen snapshot --help");
        assertThat(unknown.out()).isEmpty();
        Run missing = run("restore", "--path", "/etc");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--to=DIR'");
    }

    @Test
    void badMaxAgeIsAUsageError() {
        Run status = run("status", "--dest", "/", "--max-age", "soon");
        assertThat(status.code()).isEqualTo(2);
        assertThat(status.err()).contains("not a duration: 'soon'");
    }

    @Test
    void versionPrintsTheVersion() {
        assertThat(run("--version").out()).startsWith("kaizen ");
    }

    @Test
    void restoreTakesEitherAPathOrADatabaseAndTheirOptionsDoNotMix() {
        for (String[] args : new String[][] {
                {"restore", "--dest", "/nonexistent"},
                {"restore", "--dest", "/nonexistent", "--path", "/etc", "--db", "haas"},
                {"restore", "--dest", "/nonexistent", "--path", "/etc", "--to", "/tmp/r", "--apply"},
                {"restore", "--dest", "/nonexistent", "--db", "haas", "--to", "/tmp/r"},
                {"restore", "--dest", "/nonexistent", "--db", "haas", "--apply", "--dry-run"}}) {
            Run refused = run(args);
            assertThat(refused.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(refused.err()).as(String.join(" ", args)).startsWith("kaizen restore: ");
        }
        assertThat(run("restore", "--help").out()).contains("--db", "--apply", "--db-host", "--defaults-file");
    }
}
