package io.kaizen.backup.transfer;

import io.kaizen.backup.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

        /** rsync's {@code rule_matches} for a path relative to the transfer root. */
        boolean matches(byte[] path, boolean directory) {
            byte[] p = pattern.getBytes(StandardCharsets.UTF_8);
            boolean directoryOnly = p.length > 1 && p[p.length - 1] == '/';
            if (directoryOnly) {
                p = Arrays.copyOf(p, p.length - 1);
            }
            boolean wild3Suffix = endsWith(p, "/***");
            if (directoryOnly && !directory) {
                return false;
            }
            boolean anchored = p[0] == '/';
            if (anchored) {
                p = Arrays.copyOfRange(p, 1, p.length);
            }
            int slashes = count(p, (byte) '/') + (anchored ? 1 : 0);
            boolean wild = indexOfAny(p, "*?[") >= 0;
            boolean wild2 = contains(p, "**");
            boolean wild2Prefix = startsWith(p, "**");
            byte[] text = path;
            if (slashes == 0 && !wild2) {
                text = Arrays.copyOfRange(path, lastIndexOf(path, (byte) '/') + 1, path.length);
            } else if (wild2Prefix) {
                text = concat(new byte[] {'/'}, path);
            }
            if (directory && wild3Suffix) {
                text = concat(text, new byte[] {'/'});
            }
            if (!wild) {
                return literalMatch(p, text, anchored || slashes == 0 ? 0 : slashes + 1);
            }
            if (!anchored && slashes > 0 && !wild2) {
                return WildMatch.matches(p, text, startOfLastElements(text, slashes + 1));
            }
            if (!anchored && !wild2Prefix && wild2) {
                for (int start = 0; start <= text.length; start = nextAfterSlash(text, start)) {
                    if (WildMatch.matches(p, text, start)) {
                        return true;
                    }
                    if (start == text.length) {
                        break;
                    }
                }
                return false;
            }
            return WildMatch.matches(p, text, 0);
        }

        private static boolean literalMatch(byte[] p, byte[] text, int elements) {
            int start = elements == 0 ? 0 : startOfLastElements(text, elements);
            return Arrays.equals(p, 0, p.length, text, start, text.length);
        }

        private static int startOfLastElements(byte[] text, int elements) {
            int seen = 0;
            for (int i = text.length - 1; i >= 0; i--) {
                if (text[i] == '/' && ++seen == elements) {
                    return i + 1;
                }
            }
            return 0;
        }

        private static int nextAfterSlash(byte[] text, int from) {
            for (int i = from; i < text.length; i++) {
                if (text[i] == '/') {
                    return i + 1;
                }
            }
            return text.length;
        }

        private static int count(byte[] bytes, byte b) {
            int n = 0;
            for (byte x : bytes) {
                n += x == b ? 1 : 0;
            }
            return n;
        }

        private static int lastIndexOf(byte[] bytes, byte b) {
            for (int i = bytes.length - 1; i >= 0; i--) {
                if (bytes[i] == b) {
                    return i;
                }
            }
            return -1;
        }

        private static int indexOfAny(byte[] bytes, String chars) {
            for (int i = 0; i < bytes.length; i++) {
                if (chars.indexOf(bytes[i]) >= 0) {
                    return i;
                }
            }
            return -1;
        }

        private static boolean contains(byte[] bytes, String part) {
            return new String(bytes, StandardCharsets.ISO_8859_1).contains(part);
        }

        private static boolean startsWith(byte[] bytes, String part) {
            return new String(bytes, StandardCharsets.ISO_8859_1).startsWith(part);
        }

        private static boolean endsWith(byte[] bytes, String part) {
            return new String(bytes, StandardCharsets.ISO_8859_1).endsWith(part);
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] joined = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, joined, a.length, b.length);
            return joined;
        }

        /** The rule as rsync's {@code --filter} argument takes it. */
        public String rsyncForm() {
            return (include ? "+ " : "- ") + pattern;
        }
    }

    /**
     * Whether {@code path} (relative to the node's root, '/'-separated, no leading slash) is excluded: the first
     * rule that matches decides; none matching means included. Callers do not descend into an excluded directory,
     * so its whole subtree is left out, as rsync does.
     */
    public boolean excludes(byte[] path, boolean directory) {
        for (Rule rule : rules) {
            if (rule.matches(path, directory)) {
                return !rule.include();
            }
        }
        return false;
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
