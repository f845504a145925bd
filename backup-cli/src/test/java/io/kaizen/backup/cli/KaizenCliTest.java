package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** The command line in-process: help, usage errors and exit codes. */
class KaizenCliTest {
    static KaizenProcess.Result run(String... args) {
        return InProcess.run(InProcess.at(LocalDate.of(2026, 6, 10)), args);
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        KaizenProcess.Result help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("snapshot", "list", "verify", "prune", "status", "restore")
                .contains("2  bad usage or configuration; nothing was changed")
                .contains("3  completed with warnings");
        assertThat(help.stderr()).isEmpty();
    }

    @Test
    void eachCommandHasHelpWithExamples() {
        for (String command : new String[] {"snapshot", "list", "verify", "prune", "status", "restore", "diff", "log",
                "drill", "collect", "enroll", "report", "install"}) {
            KaizenProcess.Result help = run(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.stdout()).as(command).contains("Usage: kaizen " + command).contains("--config")
                    .contains("--json").containsIgnoringCase("example");
        }
        assertThat(run("snapshot", "--help").stdout()).contains("--keep-days", "--exclude", "--date", "anchored");
    }

    @Test
    void usageErrorsExitTwoWithAHintOnStderr() {
        KaizenProcess.Result unknown = run("snapshot", "--bogus");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("Unknown option: '--bogus'").contains("kaizen snapshot --help");
        assertThat(unknown.stdout()).isEmpty();
        KaizenProcess.Result missing = run("restore", "--path", "/etc");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("Missing required option: '--to=DIR'");
    }

    @Test
    void badMaxAgeIsAUsageError() {
        KaizenProcess.Result status = run("status", "--dest", "/", "--max-age", "soon");
        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.stderr()).contains("not a duration: 'soon'");
    }

    @Test
    void eachSubcommandIsListedUnderTheNameItDeclares() {
        for (Map.Entry<String, Class<?>> subcommand : Kaizen.subcommands().entrySet()) {
            assertThat(subcommand.getValue().getAnnotation(Command.class).name()).isEqualTo(subcommand.getKey());
        }
    }

    @Test
    void theForcedCommandAndTheVersionRunInUtcAndEveryOtherCommandInTheLocalTimeZone() {
        assertThat(Kaizen.clock(new String[] {"serve", "--store", "/backups"}).getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(Kaizen.clock(new String[] {"--version"}).getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(Kaizen.clock(new String[] {"serve", "--store", "/backups", "--help"}).getZone())
                .isEqualTo(ZoneId.systemDefault());
        assertThat(Kaizen.clock(new String[] {"status", "--dest", "/"}).getZone()).isEqualTo(ZoneId.systemDefault());
    }

    @Test
    void aCommandLineBuildsOnlyTheSubcommandsItCanReach() {
        assertThat(built("status", "--dest", "/")).containsExactly("status");
        assertThat(built("--version")).isEmpty();
        assertThat(built("--help")).containsExactlyElementsOf(Kaizen.subcommands().keySet());
        assertThat(built("help", "status")).containsExactlyElementsOf(Kaizen.subcommands().keySet());
        assertThat(built("bogus")).containsExactlyElementsOf(Kaizen.subcommands().keySet());
        assertThat(built()).containsExactlyElementsOf(Kaizen.subcommands().keySet());
    }

    @Test
    void helpOfACommandAndTheErrorForAMisspeltCommandStillWork() {
        KaizenProcess.Result help = run("help", "status");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("Usage: kaizen status");
        KaizenProcess.Result misspelt = run("snapshto");
        assertThat(misspelt.exitCode()).isEqualTo(2);
        assertThat(misspelt.stderr()).contains("Unmatched argument at index 0: 'snapshto'", "kaizen --help");
    }

    private static Set<String> built(String... args) {
        return Kaizen.commandLine(Clock.systemUTC(), args).getSubcommands().keySet();
    }

    @Test
    void versionPrintsTheVersion() {
        assertThat(run("--version").stdout()).startsWith("kaizen ");
    }

    @Test
    void restoreTakesEitherAPathOrADatabaseAndTheirOptionsDoNotMix() {
        for (String[] args : new String[][] {
                {"restore", "--dest", "/nonexistent"},
                {"restore", "--dest", "/nonexistent", "--path", "/etc", "--db", "haas"},
                {"restore", "--dest", "/nonexistent", "--path", "/etc", "--to", "/tmp/r", "--apply"},
                {"restore", "--dest", "/nonexistent", "--db", "haas", "--to", "/tmp/r"},
                {"restore", "--dest", "/nonexistent", "--db", "haas", "--apply", "--dry-run"}}) {
            KaizenProcess.Result refused = run(args);
            assertThat(refused.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(refused.stderr()).as(String.join(" ", args)).startsWith("kaizen restore: ");
        }
        assertThat(run("restore", "--help").stdout()).contains("--db", "--apply", "--db-host", "--defaults-file");
    }
}
