package io.kaizen.backup.transfer.rsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SumsBuilder;
import io.kaizen.backup.store.TreeRecords;
import io.kaizen.backup.store.WrittenSums;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.transfer.TransferRequest;
import io.kaizen.backup.transfer.TransferResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rsync engine's record of what rsync made (from its per-entry output) gives the sums pass the same
 * SHA256SUMS, byte for byte, and the same counts (what the manifest holds) as the walk of the new snapshot it
 * replaces, on a tree with odd names (newline, tab, bytes that are not UTF-8, a literal {@code \#012}, a
 * trailing backslash, names holding {@code " => "} and {@code " -> "}), hard links inside the tree (one to a
 * changed file, which rsync reports late), a symlink, a fifo, names that sort differently in rsync and in the
 * tree order, an excluded file, a changed, a new and a deleted file. Runs with the rsync first on PATH (the
 * bench runs it with rsync 3.2.7 and 3.5.0).
 */
class ItemizedRecordRsyncIT {
    private static final FilterRules FILTERS = FilterRules.parse(List.of("- *.tmp"));

    @TempDir
    Path tmp;
    Path source;
    Snapshot previous;

    @BeforeEach
    void previousSnapshot() throws Exception {
        TreeBuilder tree = TreeBuilder.at(tmp.resolve("src"))
                .file("c", "c").hardlink("hl", "c").symlink("s -> t", "c").symlink("sym", "c")
                .file("p => q", "arrow").file(bytes("new\nline"), bytes("nl"))
                .file(bytes("tab\there"), bytes("tab")).file(new byte[] {'o', 'd', 'd', (byte) 0xff, (byte) 0xfe},
                        bytes("latin"))
                .file(bytes("back\\#012slash"), bytes("escape-like")).file(bytes("ends\\"), bytes("backslash"))
                .file("a/z", "a").file("a-b", "file beside a").file("a.d/x", "x").file("a b/y", "space")
                .file("d/changed", "before").hardlink("d/changed-too", "d/changed").file("d/same", "same")
                .file("gone", "deleted later").file("skip.tmp", "excluded").fifo("fifo");
        source = tree.root();
        Path prevDir = tmp.resolve("store/2026-12-01");
        transfer(prevDir, List.of(), TreeRecords.none());
        SumsBuilder.build(prevDir, Optional.empty(), WrittenSums.create(), TreeRecords.none());
        previous = new Snapshot(SnapshotName.parse("2026-12-01"), prevDir, null);
        Files.delete(source.resolve("gone"));
        tree.file("d/changed", "after, longer").file("a/new", "new").file("d/new-dir/deep", "deep");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void transfer(Path partial, List<Path> linkDests, TreeRecords records) throws Exception {
        Files.createDirectories(partial.resolve(Snapshot.META_DIR));
        TransferResult result = new RsyncEngine().transfer(new TransferRequest(source, partial, linkDests, FILTERS,
                false, WrittenSums.create(), records));
        assertThat(result.status()).as(result.message()).isEqualTo(RunStatus.SUCCEEDED);
    }

    /** The engine's transfer and the sums pass into {@code name}, with or without the record. */
    private Made snapshot(String name, boolean recorded) throws Exception {
        Path partial = tmp.resolve("store").resolve(name);
        TreeRecords records = recorded ? TreeRecords.spooledIn(partial.resolve(Snapshot.META_DIR))
                : TreeRecords.none();
        transfer(partial, List.of(previous.dir()), records);
        boolean used = records.of(NativeNames.bytes(source.getRoot().relativize(source))).isPresent();
        SumsBuilder.Result result = SumsBuilder.build(partial, Optional.of(previous), WrittenSums.create(), records);
        records.deleteSpools();
        try (var left = Files.list(partial.resolve(Snapshot.META_DIR))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("SHA256SUMS");
        }
        return new Made(Files.readAllBytes(partial.resolve(Snapshot.META_DIR).resolve("SHA256SUMS")), result, used);
    }

    private record Made(byte[] sums, SumsBuilder.Result result, boolean recordUsed) {
    }

    @Test
    void theRecordGivesTheSameSumsAndCountsAsTheWalk() throws Exception {
        Made walked = snapshot("walked", false);
        Made recorded = snapshot("recorded", true);

        assertThat(recorded.recordUsed()).isTrue();
        assertThat(walked.recordUsed()).isFalse();
        assertThat(new String(recorded.sums(), StandardCharsets.ISO_8859_1))
                .isEqualTo(new String(walked.sums(), StandardCharsets.ISO_8859_1))
                .contains("new\\nline").contains("ends\\\\").contains("p => q").doesNotContain("skip.tmp")
                .doesNotContain("gone");
        assertThat(recorded.result()).isEqualTo(walked.result());
        assertThat(recorded.result().counts().filesLinked()).isGreaterThan(10);
        assertThat(recorded.result().counts().filesCopied()).isEqualTo(4);
    }

    @Test
    void aNameHoldingTheSeparatorDropsTheRecordAndTheWalkGivesTheSameSums() throws Exception {
        TreeBuilder.at(source).file(new byte[] {'x', 1, 'y'}, bytes("separator"));
        Made walked = snapshot("walked", false);
        Made recorded = snapshot("recorded", true);

        assertThat(recorded.recordUsed()).isFalse();
        assertThat(recorded.sums()).isEqualTo(walked.sums());
        assertThat(recorded.result()).isEqualTo(walked.result());
    }
}
