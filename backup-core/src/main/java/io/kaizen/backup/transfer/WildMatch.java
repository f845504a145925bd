package io.kaizen.backup.transfer;

/**
 * rsync's wildmatch on bytes: {@code *} matches any run of bytes but '/', {@code **} any run including '/',
 * {@code ?} one byte but '/', {@code [...]} a byte class ({@code !} or {@code ^} negates, ranges allowed),
 * backslash quotes the next byte.
 */
final class WildMatch {
    private WildMatch() {
    }

    static boolean matches(byte[] pattern, byte[] text, int textStart) {
        return match(pattern, 0, text, textStart) == Result.MATCH;
    }

    private enum Result { MATCH, NO_MATCH, ABORT_TO_STARSTAR, ABORT_ALL }

    private static Result match(byte[] p, int pi, byte[] t, int ti) {
        for (; pi < p.length; pi++, ti++) {
            byte pc = p[pi];
            if (ti >= t.length && pc != '*') {
                return Result.ABORT_ALL;
            }
            switch (pc) {
                case '\\' -> {
                    pi++;
                    if (pi >= p.length || t[ti] != p[pi]) {
                        return Result.NO_MATCH;
                    }
                }
                case '?' -> {
                    if (t[ti] == '/') {
                        return Result.NO_MATCH;
                    }
                }
                case '*' -> {
                    boolean matchSlash = pi + 1 < p.length && p[pi + 1] == '*';
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        if (matchSlash) {
                            return Result.MATCH;
                        }
                        for (int i = ti; i < t.length; i++) {
                            if (t[i] == '/') {
                                return Result.NO_MATCH;
                            }
                        }
                        return Result.MATCH;
                    }
                    for (; ; ti++) {
                        if (ti > t.length) {
                            return Result.ABORT_ALL;
                        }
                        Result r = match(p, pi + 1, t, ti);
                        if (r != Result.NO_MATCH) {
                            if (!matchSlash || r != Result.ABORT_TO_STARSTAR) {
                                return r;
                            }
                        }
                        if (ti >= t.length) {
                            return Result.ABORT_ALL;
                        }
                        if (!matchSlash && t[ti] == '/') {
                            return Result.ABORT_TO_STARSTAR;
                        }
                    }
                }
                case '[' -> {
                    int end = classEnd(p, pi + 1);
                    if (end < 0) {
                        if (t[ti] != '[') {
                            return Result.NO_MATCH;
                        }
                        continue;
                    }
                    if (t[ti] == '/' || !inClass(p, pi + 1, end, t[ti])) {
                        return Result.NO_MATCH;
                    }
                    pi = end;
                }
                default -> {
                    if (t[ti] != pc) {
                        return Result.NO_MATCH;
                    }
                }
            }
        }
        return ti >= t.length ? Result.MATCH : Result.NO_MATCH;
    }

    /** The index of the ']' closing a class that starts after '[' at {@code start}, or -1. */
    private static int classEnd(byte[] p, int start) {
        int i = start;
        if (i < p.length && (p[i] == '!' || p[i] == '^')) {
            i++;
        }
        if (i < p.length && p[i] == ']') {
            i++;
        }
        for (; i < p.length; i++) {
            if (p[i] == '\\') {
                i++;
            } else if (p[i] == ']') {
                return i;
            }
        }
        return -1;
    }

    private static boolean inClass(byte[] p, int start, int end, byte c) {
        int i = start;
        boolean negated = p[i] == '!' || p[i] == '^';
        if (negated) {
            i++;
        }
        boolean found = false;
        int value = c & 0xff;
        boolean first = true;
        while (i < end) {
            int lo = p[i] & 0xff;
            if (p[i] == '\\' && i + 1 < end) {
                lo = p[++i] & 0xff;
            } else if (p[i] == ']' && !first) {
                break;
            }
            first = false;
            if (i + 2 < end && p[i + 1] == '-') {
                int hi = p[i + 2] & 0xff;
                if (p[i + 2] == '\\' && i + 3 < end) {
                    hi = p[i + 3] & 0xff;
                    i++;
                }
                found |= value >= lo && value <= hi;
                i += 3;
            } else {
                found |= value == lo;
                i++;
            }
        }
        return found != negated;
    }
}
