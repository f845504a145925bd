package io.kaizen.backup.cli;

import io.kaizen.backup.report.FleetReport.Day;
import io.kaizen.backup.report.FleetReport.DayState;
import io.kaizen.backup.report.FleetReport.NodeRow;
import io.kaizen.backup.report.FleetReport;
import io.kaizen.backup.report.NodeHistory;
import io.kaizen.backup.report.StoreHealth.State;
import io.kaizen.backup.store.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The fleet report as one self-contained HTML page: inline CSS and SVG, no scripts, no external assets, so it
 * can be served as a static file or mailed. A grid of nodes by days, then one card per node with its newest good
 * copy, its last error and two charts (size, and bytes the node's runs copied). Responsive: the grid scrolls
 * sideways on a narrow screen and the cards stack. Every cell carries {@code data-state}, every row and card
 * {@code data-node} and {@code data-health}, for machines. Pure.
 */
final class HtmlReport {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");
    private static final String CSS = """
            :root{--complete:#2e9d4f;--warnings:#c2b820;--failed:#8e1b13;--missing:#e5534b;--stale:#ee8a1d;\
            --none:#e4e7eb;--ink:#1f2328;--muted:#656d76;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
            color:var(--ink);background:#fff}
            body{margin:0 auto;padding:12px;max-width:1100px}
            h1{font-size:1.4rem;margin:0 0 4px}h2{font-size:1.1rem;margin:20px 0 8px}
            .meta{color:var(--muted);font-size:.85rem;margin:0;overflow-wrap:anywhere}
            .summary{display:flex;flex-wrap:wrap;gap:6px;list-style:none;padding:0;margin:10px 0 0}
            .summary li,.badge{border-radius:10px;padding:2px 9px;font-size:.8rem;color:#fff;font-weight:600}
            .health-ok{--h:var(--complete)}.health-failed{--h:var(--failed)}.health-stale{--h:var(--stale)}\
            .health-missing{--h:var(--missing)}
            .summary li,.badge{background:var(--h)}
            .legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:.8rem;color:var(--muted);margin-bottom:8px}
            .legend span{display:inline-flex;align-items:center;gap:4px}
            .scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
            table.grid{border-collapse:separate;border-spacing:2px;width:100%;min-width:340px;table-layout:fixed}
            .grid th{font-weight:600;font-size:.8rem;text-align:left;white-space:nowrap;padding-right:6px;\
            overflow:hidden;text-overflow:ellipsis}
            .grid thead th:first-child{width:7rem}
            .grid th a{color:inherit;text-decoration:none}.grid th a:hover{text-decoration:underline}
            .grid thead th{font-weight:400;color:var(--muted);font-size:.65rem;text-align:center;padding:0;overflow:visible}
            .grid tbody th{border-left:4px solid var(--h);padding-left:5px}
            .cell,.swatch{height:18px;min-width:7px;border-radius:2px;padding:0}
            .swatch{display:inline-block;width:12px;height:12px}
            .complete{background:var(--complete)}.warnings{background:var(--warnings)}.failed{background:var(--failed)}
            .missing{background:var(--missing)}.none{background:var(--none)}
            .stale{background:repeating-linear-gradient(135deg,var(--stale) 0 3px,#f7c58f 3px 6px)}
            .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
            .card{border:1px solid #d0d7de;border-top:4px solid var(--h);border-radius:6px;padding:10px 12px;min-width:0}
            .card h3{margin:0 0 6px;font-size:1rem;display:flex;justify-content:space-between;gap:8px;align-items:center}
            .card dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:0 0 8px;font-size:.85rem}
            .card dt{color:var(--muted)}.card dd{margin:0;overflow-wrap:anywhere}
            .error{color:var(--failed);font-family:ui-monospace,monospace;font-size:.8rem}
            figure{margin:6px 0 0}figcaption{font-size:.75rem;color:var(--muted)}
            svg.chart{width:100%;height:auto;display:block}
            svg.chart text{font-size:9px;fill:var(--muted)}svg.chart .axis{stroke:#d0d7de}
            svg.size .bar{fill:#3b73c4}svg.copied .bar{fill:#8250df}svg.chart .flagged{fill:var(--failed)}
            footer{margin-top:20px;color:var(--muted);font-size:.75rem}
            @media (max-width:500px){body{padding:8px}.cards{grid-template-columns:1fr}.cell{min-width:6px}}
            """;

    private HtmlReport() {
    }

    /** The page for {@code report} of the collector store {@code dest}, times shown in {@code zone}. */
    static String render(FleetReport report, String dest, ZoneId zone) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Kaizen Backup: ").append(Html.escape(dest)).append("</title><style>").append(CSS)
                .append("</style></head>\n<body>\n");
        header(html, report, dest, zone);
        grid(html, report);
        html.append("<h2>Nodes</h2>\n<div class=\"cards\">\n");
        report.nodes().forEach(row -> card(html, row, zone, report.generated()));
        html.append("</div>\n<footer>Made by kaizen report. Sizes are of the copies; copied is what each node's run ")
                .append("wrote anew (the rest was hard-linked to the previous snapshot).</footer>\n</body></html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, FleetReport report, String dest, ZoneId zone) {
        html.append("<header><h1>Kaizen Backup</h1><p class=\"meta\">").append(Html.escape(dest)).append(" &middot; ")
                .append(report.nodes().size()).append(report.nodes().size() == 1 ? " node" : " nodes")
                .append(" &middot; generated ").append(STAMP.format(report.generated().atZone(zone)))
                .append(" &middot; stale after ").append(Formats.age(report.maxAge())).append("</p>\n<ul class=\"summary\">");
        Map<State, Long> counts = report.healthCounts();
        for (State health : State.values()) {
            long count = counts.getOrDefault(health, 0L);
            if (count > 0) {
                html.append("<li class=\"health-").append(health.label()).append("\" data-health=\"").append(health.label())
                        .append("\">").append(count).append(' ').append(health.label()).append("</li>");
            }
        }
        html.append("</ul></header>\n");
    }

    private static void grid(StringBuilder html, FleetReport report) {
        List<LocalDate> days = report.days();
        html.append("<h2>Last ").append(days.size()).append(days.size() == 1 ? " day" : " days").append("</h2>\n")
                .append("<div class=\"legend\">");
        for (DayState state : DayState.values()) {
            html.append("<span><i class=\"swatch ").append(state.label()).append("\"></i>").append(legend(state))
                    .append("</span>");
        }
        html.append("</div>\n<div class=\"scroll\"><table class=\"grid\"><thead><tr><th></th>");
        for (int i = 0; i < days.size(); i++) {
            LocalDate day = days.get(i);
            boolean labelled = (days.size() - 1 - i) % 7 == 0;
            html.append("<th scope=\"col\" title=\"").append(day).append("\">")
                    .append(labelled ? Integer.toString(day.getDayOfMonth()) : "").append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (NodeRow row : report.nodes()) {
            html.append("<tr class=\"node health-").append(row.health().label()).append("\" data-node=\"")
                    .append(Html.escape(row.node())).append("\" data-health=\"").append(row.health().label())
                    .append("\"><th scope=\"row\"><a href=\"#node-").append(Html.escape(row.node())).append("\">")
                    .append(Html.escape(row.node())).append("</a></th>");
            for (Day day : row.days()) {
                html.append("<td class=\"cell ").append(day.state().label()).append("\" data-date=\"").append(day.date())
                        .append("\" data-state=\"").append(day.state().label()).append("\" title=\"")
                        .append(Html.escape(cellTitle(row.node(), day))).append("\"></td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody></table></div>\n");
    }

    private static String legend(DayState state) {
        return switch (state) {
            case COMPLETE -> "complete";
            case WARNINGS -> "complete, with warnings";
            case FAILED -> "failed";
            case MISSING -> "missing";
            case STALE -> "stale (no fresh copy since)";
            case NONE -> "no copy expected (before the oldest, or not due yet)";
        };
    }

    private static String cellTitle(String node, Day day) {
        String title = node + " " + day.date() + ": " + day.state().label();
        return day.copy().map(c -> title + ", " + c.files() + " files, " + Formats.size(c.bytes()) + ", "
                + Formats.size(c.bytesCopied()) + " copied").orElse(title);
    }

    private static void card(StringBuilder html, NodeRow row, ZoneId zone, Instant generated) {
        String node = Html.escape(row.node());
        html.append("<article class=\"card health-").append(row.health().label()).append("\" id=\"node-").append(node)
                .append("\" data-node=\"").append(node).append("\" data-health=\"").append(row.health().label())
                .append("\"><h3><span>").append(node).append("</span><span class=\"badge\">").append(row.health().label())
                .append("</span></h3><dl>");
        term(html, "newest good copy", row.newestGood().map(c -> c.date() + " (" + Formats.age(row.age().orElse(Duration.ZERO))
                + " old)").orElse("none"));
        row.newestGood().ifPresent(c -> term(html, "holds", c.files() + " files, " + Formats.size(c.bytes())));
        row.offsite().ifPresent(lag -> term(html, "tier 3", Formats.offsite(lag, generated)));
        html.append("<dt>last error</dt><dd class=\"").append(row.lastError().isPresent() ? "error" : "no-error")
                .append("\">").append(Html.escape(row.lastError().map(p -> STAMP.format(p.when().atZone(zone)) + ": "
                        + p.message()).orElse("none"))).append("</dd></dl>");
        chart(html, row, "size", "size of each copy", NodeHistory.Copy::bytes);
        chart(html, row, "copied", "bytes each run copied", NodeHistory.Copy::bytesCopied);
        html.append("</article>\n");
    }

    private static void term(StringBuilder html, String term, String value) {
        html.append("<dt>").append(term).append("</dt><dd>").append(Html.escape(value)).append("</dd>");
    }

    private static void chart(StringBuilder html, NodeRow row, String kind, String caption,
                              Function<NodeHistory.Copy, Long> value) {
        List<SvgChart.Point> points = row.days().stream().map(d -> new SvgChart.Point(d.date(),
                d.copy().map(c -> OptionalLong.of(value.apply(c))).orElse(OptionalLong.empty()),
                d.copy().filter(c -> c.status() == RunStatus.FAILED).isPresent())).toList();
        html.append("<figure><figcaption>").append(caption).append("</figcaption>")
                .append(SvgChart.render(kind, row.node() + ": " + caption, points, Formats::size)).append("</figure>");
    }
}
