package io.kaizen.backup.transfer;

import io.kaizen.backup.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Include/exclude rules in rsync's filter syntax, first match wins. A pattern starting with '/' is anchored: it
 * is an absolute path on the node. Any other pattern matches at any depth; a trailing '/' matches directories
 * only; '*', '**', '?' and '[...]' are rsync's wildcards.
 */
public record FilterRules(List<Rule> rules) {
    public static final FilterRules NONE = new FilterRules(List.of());

    public FilterRules {
        rules = List.copyOf(rules);
    }

    /** One rule: include ({@code + pattern}) or exclude ({@code - pattern}). */
    public record Rule(boolean include, String pattern) {
        public Rule {
            if (pattern == null || pattern.isBlank()) {
                throw new ConfigException("empty filter pattern");
            }
            if (pattern.indexOf('\n') >= 0 || pattern.indexOf('\r') >= 0) {
                throw new ConfigException("filter pattern must be one line: " + pattern);
            }
        }

        /** Parses {@code "- pattern"}, {@code "+ pattern"}, or a bare pattern (an exclude). */
        public static Rule parse(String text) {
            if (text != null && (text.startsWith("- ") || text.startsWith("+ "))) {
                return new Rule(text.charAt(0) == '+', text.substring(2));
            }
            return new Rule(false, text);
        }

        /** The rule as rsync's {@code --filter} argument takes it. */
        public String rsyncForm() {
            return (include ? "+ " : "- ") + pattern;
        }
    }

    /** Parses each text with {@link Rule#parse(String)}. */
    public static FilterRules parse(List<String> texts) {
        List<Rule> parsed = new ArrayList<>();
        texts.forEach(t -> parsed.add(Rule.parse(t)));
        return new FilterRules(parsed);
    }

    /** These rules, then {@code later} ones (which only apply where none of these matched). */
    public FilterRules then(FilterRules later) {
        List<Rule> all = new ArrayList<>(rules);
        all.addAll(later.rules);
        return new FilterRules(all);
    }
}
