package io.kaizen.backup.cli;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * A small inline SVG bar chart of one value per day (no scripts, no external assets): one bar per day that has a
 * value, scaled to the largest, the largest value written at the top, the first and last day at the bottom. The
 * drawing scales with the page (viewBox), so it fits a phone as well as a desktop. Pure.
 */
final class SvgChart {
    private static final int WIDTH = 300;
    private static final int HEIGHT = 90;
    private static final int TOP = 14;
    private static final int BOTTOM = 14;

    /** A day's value, if it has one; {@code flagged} bars are drawn in the failure colour. */
    record Point(LocalDate date, OptionalLong value, boolean flagged) {
    }

    private SvgChart() {
    }

    /** The chart as an {@code <svg>} element; {@code kind} becomes its class, {@code label} its accessible name. */
    static String render(String kind, String label, List<Point> points, LongFunction<String> format) {
        long max = points.stream().map(Point::value).filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong)
                .max().orElse(0);
        double slot = (double) WIDTH / points.size();
        double plot = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart ").append(kind).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(label)).append("\">");
        svg.append("<line class=\"axis\" x1=\"0\" y1=\"").append(HEIGHT - BOTTOM).append("\" x2=\"").append(WIDTH)
                .append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/>");
        for (int i = 0; i < points.size(); i++) {
            Point point = points.get(i);
            if (point.value().isEmpty()) {
                continue;
            }
            long value = point.value().getAsLong();
            double height = max == 0 ? 0 : Math.max(1, plot * value / max);
            svg.append("<rect class=\"bar").append(point.flagged() ? " flagged" : "").append("\" x=\"")
                    .append(number(i * slot + slot * 0.15)).append("\" y=\"").append(number(HEIGHT - BOTTOM - height))
                    .append("\" width=\"").append(number(slot * 0.7)).append("\" height=\"").append(number(height))
                    .append("\"><title>").append(point.date()).append(": ").append(Html.escape(format.apply(value)))
                    .append("</title></rect>");
        }
        svg.append("<text class=\"max\" x=\"0\" y=\"10\">").append(Html.escape(max == 0 ? "no data" : "max " + format.apply(max)))
                .append("</text>");
        svg.append("<text x=\"0\" y=\"").append(HEIGHT - 2).append("\">").append(points.get(0).date()).append("</text>");
        svg.append("<text x=\"").append(WIDTH).append("\" y=\"").append(HEIGHT - 2).append("\" text-anchor=\"end\">")
                .append(points.get(points.size() - 1).date()).append("</text>");
        return svg.append("</svg>").toString();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
