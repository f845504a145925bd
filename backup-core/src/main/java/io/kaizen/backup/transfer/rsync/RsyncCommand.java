package io.kaizen.backup.transfer.rsync;

import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.transfer.TransferRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds rsync argument vectors. Pure: no I/O. */
public final class RsyncCommand {
    /** rsync accepts at most this many {@code --link-dest} directories. */
    static final int MAX_LINK_DESTS = 20;

    private RsyncCommand() {
    }

    /**
     * {@code rsync -aH --delete --numeric-ids -R [--link-dest=DIR]... [--filter=RULE]... SOURCE ROOT/}: with
     * {@code -R} the source keeps its absolute path below the snapshot root, and anchored filter patterns are
     * absolute node paths.
     */
    public static List<String> snapshot(TransferRequest request) {
        List<String> argv = new ArrayList<>(List.of("rsync", "-aH", "--delete", "--numeric-ids", "--relative"));
        if (request.checksum()) {
            argv.add("--checksum");
        }
        request.linkDests().stream().limit(MAX_LINK_DESTS)
                .forEach(dir -> argv.add("--link-dest=" + dir.toAbsolutePath()));
        filters(request.filters(), argv);
        argv.add("--");
        argv.add(request.source().toString());
        argv.add(withSlash(request.snapshotRoot()));
        return argv;
    }

    /**
     * Lists the regular files of at least {@code minSize} bytes that {@link #snapshot} would copy rather than
     * hard-link (new or changed since the link-dest), with the same filters: a dry run printing
     * {@code ITEMIZE NAME} per file, names with non-printable bytes escaped as rsync does ({@code \#ooo}).
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
     * Copies {@code path} (absolute on the node) out of a snapshot into {@code target}, keeping its absolute
     * path below {@code target}: {@code rsync -aH --numeric-ids -R SNAPSHOT/./PATH TARGET/}.
     */
    public static List<String> restore(Path snapshotDir, Path path, Path target, boolean dryRun) {
        List<String> argv = new ArrayList<>(List.of("rsync", "-aH", "--numeric-ids", "--relative"));
        if (dryRun) {
            argv.add("--dry-run");
            argv.add("--itemize-changes");
        }
        argv.add("--");
        String inside = path.toString().equals("/") ? "" : path.toString().substring(1);
        argv.add(withSlash(snapshotDir) + "./" + inside);
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
