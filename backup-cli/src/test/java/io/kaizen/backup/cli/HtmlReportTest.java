package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.report.FleetReport;
import io.kaizen.backup.report.NodeHistory;
import io.kaizen.backup.store.LastRun;
import io.kaizen.backup.store.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    private static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    private static NodeHistory.Copy copy(int daysAgo, RunStatus status, long bytes, String... problems) {
        LocalDate date = TODAY.minusDays(daysAgo);
        return new NodeHistory.Copy(date, status, date.atTime(2, 40).toInstant(ZoneOffset.UTC), 10, bytes, bytes / 10,
                List.of(problems));
    }

    private static String page() {
        NodeHistory healthy = new NodeHistory("compute-1", List.of(copy(3, RunStatus.SUCCEEDED, 4096),
                copy(1, RunStatus.SUCCEEDED, 8192), copy(0, RunStatus.SUCCEEDED, 9000)), Optional.empty());
        NodeHistory stale = new NodeHistory("controller-1", List.of(copy(5, RunStatus.SUCCEEDED, 1 << 20),
                copy(4, RunStatus.FAILED, 1 << 20, "dump mysql-all.sql: exit 2: <Access denied> & more")), Optional.empty());
        NodeHistory never = new NodeHistory("compute-2", List.of(), Optional.of(new LastRun("compute-2", null,
                NOW.minusSeconds(600), NOW.minusSeconds(590), RunStatus.FAILED, 1, "compute-2: unreachable", null)));
        FleetReport report = FleetReport.of(List.of(healthy, stale, never), NOW, ZoneOffset.UTC, Duration.ofHours(26), 30);
        return HtmlReport.render(report, "/srv/backups", ZoneOffset.UTC);
    }

    private static int count(String html, String regex) {
        return (int) Pattern.compile(regex).matcher(html).results().count();
    }

    @Test
    void oneCellPerNodeAndDayWithItsState() {
        String html = page();
        assertThat(count(html, "<td class=\"cell ")).isEqualTo(3 * 30);
        assertThat(count(html, "<tr class=\"node ")).isEqualTo(3);
        assertThat(html).contains("data-node=\"compute-1\" data-health=\"ok\"", "data-node=\"controller-1\" data-health=\"stale\"",
                "data-node=\"compute-2\" data-health=\"missing\"");
        assertThat(count(html, "data-state=\"complete\"")).isEqualTo(4);
        assertThat(count(html, "data-state=\"failed\"")).as("controller-1's failed copy, compute-2's failed collection")
                .isEqualTo(2);
        assertThat(count(html, "data-state=\"stale\"")).isEqualTo(4);
        assertThat(count(html, "data-state=\"missing\"")).as("compute-1's gap on day -2, compute-2's 29 days").isEqualTo(1 + 29);
        assertThat(html).contains("<td class=\"cell complete\" data-date=\"2026-11-22\" data-state=\"complete\" "
                + "title=\"compute-1 2026-11-22: complete, 10 files, 4.0 KiB, 409 B copied\">");
    }

    @Test
    void chartsHaveOneBarPerCopyAndFailedCopiesAreFlagged() {
        String html = page();
        assertThat(count(html, "<svg class=\"chart size\"")).isEqualTo(3);
        assertThat(count(html, "<svg class=\"chart copied\"")).isEqualTo(3);
        assertThat(count(html, "<rect class=\"bar")).as("5 copies, two charts each").isEqualTo(10);
        assertThat(count(html, "<rect class=\"bar flagged\"")).isEqualTo(2);
        assertThat(html).contains("max 1.0 MiB", "no data");
    }

    @Test
    void selfContainedEscapedAndReadableOnAPhone() {
        String html = page();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                "@media (max-width:500px)");
        assertThat(html).doesNotContain("<script", "http://", "https://", "src=", "<link", "url(");
        assertThat(html).contains("dump mysql-all.sql: exit 2: &lt;Access denied&gt; &amp; more", "compute-2: unreachable")
                .doesNotContain("<Access denied>");
        assertThat(html).contains("<li class=\"health-ok\" data-health=\"ok\">1 ok</li>", "1 stale", "1 missing");
    }
}
