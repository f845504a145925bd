package io.kaizen.backup.testing;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every line must be a
 * HELP, TYPE or sample line of the format; names and label names must be legal; a metric's TYPE comes once,
 * before its samples, which are contiguous; no series appears twice; values are numbers; the text ends with a
 * newline. Returns each series ({@code name{labels}} as written) with its value.
 */
public final class PrometheusFormat {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (?:[^\\\\\\n]|\\\\[\\\\n])*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(?:" + LABEL + "(?:," + LABEL + ")*,?)?\\})? "
            + "([-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|Inf|NaN))(?: -?[0-9]+)?");

    private PrometheusFormat() {
    }

    /** The series and their values; an {@link AssertionError} naming the line at the first violation. */
    public static Map<String, Double> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the text does not end with a newline");
        }
        Map<String, Double> series = new LinkedHashMap<>();
        Set<String> typed = new HashSet<>();
        Set<String> finished = new HashSet<>();
        String current = null;
        int number = 0;
        String body = text.isEmpty() ? "" : text.substring(0, text.length() - 1);
        for (String line : body.isEmpty() ? new String[0] : body.split("\n", -1)) {
            number++;
            Matcher help = HELP.matcher(line);
            Matcher type = TYPE.matcher(line);
            Matcher sample = SAMPLE.matcher(line);
            if (help.matches()) {
                continue;
            }
            if (type.matches()) {
                String name = type.group(1);
                if (!typed.add(name)) {
                    throw new AssertionError("line " + number + ": second TYPE for " + name);
                }
                if (current != null) {
                    finished.add(current);
                }
                current = name;
            } else if (sample.matches()) {
                String name = sample.group(1);
                if (!name.equals(current) || finished.contains(name)) {
                    throw new AssertionError("line " + number + ": sample of " + name + " outside its TYPE block: " + line);
                }
                String key = name + (sample.group(2) == null ? "" : sample.group(2));
                if (series.put(key, Double.valueOf(sample.group(3).replace("Inf", "Infinity"))) != null) {
                    throw new AssertionError("line " + number + ": duplicate series " + key);
                }
            } else {
                throw new AssertionError("line " + number + " is not in the text format: '" + line + "'");
            }
        }
        return series;
    }
}
