package io.kaizen.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreStepTest {
    @Test
    void aStepPrintsAsAShellLineWithQuotingWhereNeeded() {
        RestoreStep step = new RestoreStep("x", Map.of("PGPASSFILE", "/etc/kaizen/pg pass"),
                List.of("runuser", "-u", "postgres", "--", "pg_restore", "-d", "postgres"),
                Path.of("/backups/2026-11-24/dumps/haas/it's.dump"));
        assertThat(step.shellLine()).isEqualTo("PGPASSFILE='/etc/kaizen/pg pass' runuser -u postgres -- pg_restore -d "
                + "postgres < '/backups/2026-11-24/dumps/haas/it'\\''s.dump'");
        assertThat(RestoreStep.quote("")).isEqualTo("''");
        assertThat(RestoreStep.quote("--defaults-file=/etc/kaizen/my.cnf")).isEqualTo("--defaults-file=/etc/kaizen/my.cnf");
        assertThat(RestoreStep.quote("$(reboot)")).isEqualTo("'$(reboot)'");
    }
}
