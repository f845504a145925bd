package io.kaizen.backup.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.testing.TreeBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every row of a table of filter rules is checked against the real rsync: the set of paths rsync transfers
 * with those rules equals the set {@link FilterRules} keeps (an excluded directory prunes its subtree).
 */
class FilterRulesRsyncIT {
    /** The tree: directories end with '/'. Listed parents first. */
    private static final List<String> TREE = List.of(
            "a/", "a/b/", "a/b/c.txt", "a/b/d/", "a/b/d/e.tmp", "a/c.txt", "cache/", "cache/x", "x/", "x/cache/",
            "x/cache/y", "x/cachefile", "foo.tmp", "dir.tmp/", "dir.tmp/f", "var/", "var/lib/", "var/lib/foo/",
            "var/lib/foo/cache/", "var/lib/foo/cache/z", "var/lib/foo/keep", "instances/", "instances/i1", "nova/",
            "nova/instances/", "nova/instances/i2", "weird[x]", "q?mark", "qxmark", "-dash", "a b/", "a b/c",
            "[abc]", "b", "deep/", "deep/er/", "deep/er/est/", "deep/er/est/cache/", "deep/er/est/cache/k");

    private static final List<List<String>> RULES = List.of(
            List.of("cache"), List.of("cache/"), List.of("/cache"), List.of("/cache/"), List.of("*.tmp"),
            List.of("*.tmp/"), List.of("x/cache"), List.of("b/d"), List.of("a/**/e.tmp"), List.of("**/e.tmp"),
            List.of("a/**"), List.of("/a/b/*"), List.of("a/*/c.txt"), List.of("?"), List.of("[ab]"), List.of("[!a]*"),
            List.of("/var/lib/foo/cache/"), List.of("instances/"), List.of("**"), List.of("*"), List.of("a/***"),
            List.of("weird\\[x]"), List.of("q?mark"), List.of("q\\?mark"), List.of("*cache*"), List.of("x/cache/"),
            List.of("/x/cache/y"), List.of("nova/**"), List.of("*/cache"), List.of("**/cache"), List.of("a b"),
            List.of("-dash"), List.of("[a-c]*"), List.of("est/cache/"), List.of("er/*/cache"), List.of("deep/**/k"),
            List.of("/deep/**/cache/"), List.of("**/est/**"), List.of("[abc]"), List.of("\\[abc]"), List.of("c.txt"),
            List.of("/c.txt"), List.of("*.txt"), List.of("a/c.txt"),
            List.of("+ *.txt", "- *"), List.of("+ a/", "+ a/b/", "+ *.txt", "- *"), List.of("+ cache/x", "- cache/"),
            List.of("+ */", "+ *.tmp", "- *"), List.of("- a/b/", "+ a/**", "- *"), List.of("+ /var/", "- /*"));

    @TempDir
    static Path tmp;
    static Path source;

    @BeforeAll
    static void tree() {
        TreeBuilder builder = TreeBuilder.at(tmp.resolve("src"));
        for (String entry : TREE) {
            if (entry.endsWith("/")) {
                builder.dir(entry.substring(0, entry.length() - 1));
            } else {
                builder.file(entry, entry);
            }
        }
        source = builder.root();
    }

    @Test
    void everyRowKeepsWhatRsyncTransfers() throws Exception {
        List<String> mismatches = new ArrayList<>();
        for (List<String> rules : RULES) {
            Set<String> expected = rsyncTransfers(rules);
            Set<String> actual = kept(FilterRules.parse(rules));
            if (!expected.equals(actual)) {
                Set<String> onlyRsync = new TreeSet<>(expected);
                onlyRsync.removeAll(actual);
                Set<String> onlyOurs = new TreeSet<>(actual);
                onlyOurs.removeAll(expected);
                mismatches.add(rules + ": rsync alone keeps " + onlyRsync + ", FilterRules alone keeps " + onlyOurs);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    private static Set<String> kept(FilterRules rules) {
        Set<String> kept = new TreeSet<>();
        Set<String> prunedDirs = new TreeSet<>();
        for (String entry : TREE) {
            boolean directory = entry.endsWith("/");
            String path = directory ? entry.substring(0, entry.length() - 1) : entry;
            int slash = path.lastIndexOf('/');
            String parent = slash < 0 ? "" : path.substring(0, slash + 1);
            if (!parent.isEmpty() && (prunedDirs.contains(parent) || !kept.contains(parent))) {
                prunedDirs.add(entry);
                continue;
            }
            if (rules.excludes(path.getBytes(StandardCharsets.UTF_8), directory)) {
                prunedDirs.add(entry);
            } else {
                kept.add(entry);
            }
        }
        return kept;
    }

    private static Set<String> rsyncTransfers(List<String> rules) throws Exception {
        List<String> argv = new ArrayList<>(List.of("rsync", "-a", "--dry-run", "--out-format=%n"));
        rules.forEach(r -> argv.add("--filter=" + FilterRules.Rule.parse(r).rsyncForm()));
        argv.add(source + "/");
        argv.add(tmp.resolve("dst") + "/");
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        Set<String> names = new TreeSet<>(Arrays.asList(out.split("\n")));
        names.remove("./");
        names.remove("");
        return names;
    }
}
