package io.kaizen.backup.transfer.rsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.transfer.TransferRequest;
import io.kaizen.backup.transfer.TransferResult;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine roots rsync at the source (short names, about twice as fast) and rewrites the filters for that
 * root. Proven against the form it replaces: for each row of rules, the snapshot root it makes (implied parents
 * and their attributes included) equals the one {@code rsync --relative SRC ROOT/} makes with the rules as given.
 * Rules that exclude the source itself (the last two rows) leave it out in both forms. In the rules, {@code {S}} is the source's absolute path without its leading '/', {@code {N}} its name and
 * {@code {P}} its parent's name.
 */
class RootedTransferRsyncIT {
    @TempDir
    Path tmp;

    /** How the engine runs rsync for a row, and whether the row's rules leave the source itself out. */
    enum Form { ROOTED, RELATIVE, SOURCE_EXCLUDED }

    static Stream<Arguments> rows() {
        return Stream.of(
                row(Form.ROOTED, "cache/"), row(Form.ROOTED, "/{S}/a/b/*"), row(Form.ROOTED, "/{S}/cache/"),
                row(Form.ROOTED, "{N}/a/c.txt"), row(Form.ROOTED, "{P}/{N}/cache"), row(Form.ROOTED, "*/a/b"),
                row(Form.ROOTED, "{N}/*"), row(Form.ROOTED, "*/*/cache/"), row(Form.ROOTED, "/other/{S}/x"),
                row(Form.ROOTED, "/*/{N}/a/"), row(Form.ROOTED, "+ /{S}/a/", "- /{S}/*"),
                row(Form.ROOTED, "*.tmp", "- a/b/"), row(Form.ROOTED, "q?mark", "weird\\[x]"),
                row(Form.ROOTED, "+ */", "+ *.txt", "- *"), row(Form.ROOTED, "[ab]/c.txt"),
                row(Form.ROOTED, "{N}/[ab]"), row(Form.RELATIVE, "- a/**"), row(Form.RELATIVE, "/{S}/**/e.tmp"),
                row(Form.SOURCE_EXCLUDED, "{N}"), row(Form.SOURCE_EXCLUDED, "/{S}"));
    }

    private static Arguments row(Form form, String... rules) {
        return Arguments.of(List.of(rules), form);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theRootedTransferMakesTheSameTreeAsRsyncRelative(List<String> template, Form form) throws Exception {
        Path source = tree();
        FilterRules rules = FilterRules.parse(template.stream().map(r -> fill(r, source)).toList());
        TransferRequest request = new TransferRequest(source, tmp.resolve("new"), List.of(), rules, false);
        RsyncCommand.Snapshot command = RsyncCommand.snapshot(request, true);
        assertThat(command.rootedAtSource()).as("rooted form").isEqualTo(form == Form.ROOTED);
        assertThat(command.argv().contains("--relative")).as("--relative form").isEqualTo(form != Form.ROOTED);
        Files.createDirectories(tmp.resolve("new"));
        Files.createDirectories(tmp.resolve("old"));

        TransferResult result = new RsyncEngine().transfer(request);
        assertThat(result.status().usable()).as(result.message()).isTrue();
        List<String> argv = new ArrayList<>(List.of("rsync", "-aH", "--delete", "--numeric-ids", "--relative"));
        rules.rules().forEach(rule -> argv.add("--filter=" + rule.rsyncForm()));
        argv.addAll(List.of("--", source.toString(), tmp.resolve("old") + "/"));
        assertThat(ChildProcess.run(argv, OutputStream.nullOutputStream()).succeeded()).isTrue();

        assertThat(sameExceptTopMtime(TreeListing.of(tmp.resolve("new")), TreeListing.of(tmp.resolve("old")))).isEmpty();
        String copy = source.toString().substring(1);
        assertThat(TreeListing.of(tmp.resolve("new")).entries().containsKey(copy)).as("the source's copy is there")
                .isEqualTo(form != Form.SOURCE_EXCLUDED);
    }

    /** Differences, but for the mtime of the top implied directory (/tmp), which other processes move meanwhile. */
    private List<String> sameExceptTopMtime(TreeListing actual, TreeListing expected) {
        String top = tmp.getName(0).toString();
        return actual.differences(expected).stream()
                .filter(d -> !(d.startsWith("differs: " + top + "\n") && d.lines().skip(1)
                        .map(l -> l.replaceFirst("^\\s*(expected|actual)\\s+", "").replaceAll("mtime=\\d+", ""))
                        .distinct().count() == 1))
                .toList();
    }

    @Test
    void unchangedFilesAreLinkedToThePreviousSnapshotAndAFileSourceLandsUnderItsParent() throws Exception {
        Path source = tree();
        FilterRules rules = FilterRules.parse(List.of(fill("/{S}/cache/", source)));
        RsyncEngine engine = new RsyncEngine();
        Files.createDirectories(tmp.resolve("prev"));
        Files.createDirectories(tmp.resolve("next"));
        engine.transfer(new TransferRequest(source, tmp.resolve("prev"), List.of(), rules, false));
        engine.transfer(new TransferRequest(source, tmp.resolve("next"), List.of(tmp.resolve("prev")), rules, false));
        Path file = source.resolve("a/c.txt");
        engine.transfer(new TransferRequest(file, tmp.resolve("next"), List.of(tmp.resolve("prev")), rules, false));

        TreeListing prev = TreeListing.of(tmp.resolve("prev"));
        TreeListing next = TreeListing.of(tmp.resolve("next"));
        assertThat(sameExceptTopMtime(next, prev)).isEmpty();
        assertThat(next.sharedInodesWith(prev)).contains(source.toString().substring(1) + "/a/b/c.txt")
                .hasSize((int) prev.entries().values().stream().filter(f -> f.type().equals("file")).count());
        assertThat(prev.entries()).doesNotContainKey(source.toString().substring(1) + "/cache/x");
    }

    private Path tree() throws Exception {
        Path source = tmp.resolve("node/srv/data");
        TreeBuilder builder = TreeBuilder.at(source);
        for (String dir : List.of("a", "a/b", "a/b/d", "cache", "x", "x/cache", "b", "data", "data/a")) {
            builder.dir(dir);
        }
        for (String file : List.of("a/b/c.txt", "a/b/d/e.tmp", "a/c.txt", "cache/x", "x/cache/y", "foo.tmp",
                "q?mark", "qxmark", "weird[x]", "b/c.txt", "data/a/c.txt", "top.txt")) {
            builder.file(file, file);
        }
        try (Stream<Path> all = Files.walk(tmp.resolve("node"))) {
            for (Path path : all.toList()) {
                Files.setLastModifiedTime(path, FileTime.from(Instant.parse("2026-01-02T03:04:05Z")));
            }
        }
        return source;
    }

    private static String fill(String rule, Path source) {
        String s = source.toString().substring(1);
        return rule.replace("{S}", s).replace("{N}", source.getFileName().toString())
                .replace("{P}", source.getParent().getFileName().toString());
    }
}
