package io.kaizen.backup.transfer.rsync;

import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.transfer.TransferRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds rsync argument vectors. Pure: no I/O. */
public final class RsyncCommand {
    /** rsync accepts at most this many {@code --link-dest} directories. */
    static final int MAX_LINK_DESTS = 20;

    private RsyncCommand() {
    }

    /** A snapshot's rsync argument vector, and whether it roots the transfer at the source (see {@link #snapshot}). */
    public record Snapshot(List<String> argv, boolean rootedAtSource) {
        public Snapshot {
            argv = List.copyOf(argv);
        }

        /** The same transfer, printing each entry it makes on stdout in {@link ItemizedLine}'s form. */
        public Snapshot itemized() {
            List<String> with = new ArrayList<>(argv);
            with.addAll(with.indexOf("--"), ItemizedLine.OPTIONS);
            return new Snapshot(with, rootedAtSource);
        }
    }

    /**
     * Copies a source into the snapshot root, keeping its absolute path below it. The transfer is rooted at the
     * source itself ({@code rsync -aHAX --delete --numeric-ids [--link-dest=DIR/SRC]... [--filter=RULE]... SRC/
     * ROOT/SRC/}, or at its parent when the source is not a directory), with the filters rewritten for that root
     * ({@link FilterRules#below}): the same tree as {@code rsync --relative SRC ROOT/}, whose long names cost
     * rsync about twice the time on an unchanged tree (docs/BENCHMARKS.md). The caller then makes the source's
     * parents ({@link io.kaizen.backup.transfer.ImpliedDirs}). Rules with no exact rewrite keep the
     * {@code --relative} form, where anchored patterns are absolute node paths as they are and rsync makes the
     * parents ({@link Snapshot#rootedAtSource} tells which).
     *
     * A request that reads elsewhere ({@link TransferRequest#origin}) is rooted at the origin the same way; it has no
     * {@code --relative} form, so rules without an exact rewrite are refused for it.
     *
     * @param directory whether the source is a directory (not a symlink to one)
     * @throws IllegalArgumentException when the request reads elsewhere and its rules have no rooted form
     */
    public static Snapshot snapshot(TransferRequest request, boolean directory) {
        Path source = request.source();
        Path root = directory || source.getParent() == null ? source : source.getParent();
        Optional<FilterRules> rooted = request.filters().below(NativeNames.bytes(source.getRoot().relativize(root)));
        if (rooted.isEmpty() && request.readsElsewhere()) {
            throw new IllegalArgumentException("the filter rules of " + source + " cannot be applied to a copy read "
                    + "from " + request.origin() + " by rsync (a rule with '**', or one that excludes the path itself)");
        }
        List<String> argv = new ArrayList<>(List.of("rsync", "-aHAX", "--delete", "--numeric-ids"));
        if (rooted.isEmpty()) {
            argv.add("--relative");
        }
        if (request.checksum()) {
            argv.add("--checksum");
        }
        String inside = rooted.isPresent() ? withSlash(root).substring(1) : "";
        request.linkDests().stream().limit(MAX_LINK_DESTS)
                .forEach(dir -> argv.add("--link-dest=" + withSlash(dir.toAbsolutePath()) + inside));
        filters(rooted.orElse(request.filters()), argv);
        argv.add("--");
        Path origin = request.origin();
        argv.add(rooted.isPresent() && directory ? withSlash(origin) : origin.toString());
        argv.add(withSlash(request.snapshotRoot()) + inside);
        return new Snapshot(argv, rooted.isPresent());
    }

    /**
     * Lists the regular files of at least {@code minSize} bytes that {@link #snapshot} would copy rather than
     * hard-link (new or changed since the link-dest), with the same filters: a dry run printing
     * {@code ITEMIZE NAME} per file, names with non-printable bytes escaped as rsync does ({@code \#ooo}). Without
     * {@code -A -X}: only content matters here, and rsync 3.5.0's dry run with {@code -X} and a link-dest tries to
     * copy the attributes of directories it has not made and exits 23.
     */
    public static List<String> changedFiles(TransferRequest request, long minSize) {
        List<String> argv = new ArrayList<>(List.of("rsync", "-aH", "--numeric-ids", "--relative", "--dry-run",
                "--min-size=" + minSize, "--out-format=%i %n"));
        request.linkDests().stream().limit(MAX_LINK_DESTS)
                .forEach(dir -> argv.add("--link-dest=" + dir.toAbsolutePath()));
        filters(request.filters(), argv);
        argv.add("--");
        argv.add(request.source().toString());
        argv.add(withSlash(request.snapshotRoot()));
        return argv;
    }

    /**
     * Copies the paths listed in {@code filesFrom} (NUL-separated, relative to the snapshot; directories with
     * their content) out of a snapshot into {@code target}, each keeping its path below {@code target}, which is
     * created with its parents if missing; the snapshot's own metadata directory is never copied:
     * {@code rsync -aHAX -r --numeric-ids --mkpath --files-from=LIST --from0 -i [--temp-dir=STAGING] [--update
     * --info=skip1] SNAPSHOT/ TARGET/}. With a {@code staging} directory, each file is written there and renamed
     * into place. With {@code keepNewer}, files newer in the target are left alone and named ("NAME is newer").
     */
    public static List<String> restore(Path snapshotDir, Path filesFrom, Path target, Optional<Path> staging,
                                       boolean dryRun, boolean keepNewer) {
        List<String> argv = new ArrayList<>(List.of("rsync", "-aHAX", "--recursive", "--numeric-ids", "--mkpath",
                "--files-from=" + filesFrom, "--from0", "--itemize-changes", "--filter=- /.kaizen/"));
        staging.ifPresent(dir -> argv.add("--temp-dir=" + dir));
        if (keepNewer) {
            argv.add("--update");
            argv.add("--info=skip1");
        }
        if (dryRun) {
            argv.add("--dry-run");
        }
        argv.add("--");
        argv.add(withSlash(snapshotDir));
        argv.add(withSlash(target));
        return argv;
    }

    private static void filters(FilterRules rules, List<String> argv) {
        rules.rules().forEach(rule -> argv.add("--filter=" + rule.rsyncForm()));
    }

    private static String withSlash(Path dir) {
        String text = dir.toString();
        return text.endsWith("/") ? text : text + "/";
    }
}
