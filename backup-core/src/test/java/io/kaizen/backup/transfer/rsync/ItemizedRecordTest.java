package io.kaizen.backup.transfer.rsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.store.TreeRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rsync's lines, in rsync's order (a directory's files before its subdirectories, late hard links), become a
 * record in tree order, through spilled runs when there are more lines than one run holds.
 */
class ItemizedRecordTest {
    private static final byte[] ROOT = "srv/app".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    Path spool;

    /** rsync's output for a small tree: "a" sorts after "a-b" and "a.d" in rsync, before them in tree order. */
    private static final String OUTPUT = String.join("\n",
            "created directory /x/srv/app",
            "cd          4096 ./\\#001",
            "hf          1 a-b\\#001",
            "hf          2 c\\#001",
            "hS          0 fifo\\#001",
            "cd          4096 a/\\#001",
            "hf          3 a/z\\#001",
            "cd          4096 a.d/\\#001",
            ">f+++++++++ 4 a.d/new\\#001",
            "hL          1 sym\\#001 -> c",
            "hf          2 hl\\#001 => c") + "\n";

    private List<String> recorded(TreeRecords records) throws Exception {
        Optional<TreeRecords.Recorded> recorded = records.of(ROOT);
        assertThat(recorded).isPresent();
        List<String> entries = new ArrayList<>();
        try (TreeRecords.Reader reader = recorded.get().read()) {
            for (TreeRecords.Entry entry = reader.next(); entry != null; entry = reader.next()) {
                entries.add(entry.kind() + " " + entry.size() + " " + new String(entry.relative(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private TreeRecords feed(String output, int runSize, boolean transferred) throws Exception {
        spool = Files.createTempDirectory(tmp, "spool");
        TreeRecords records = TreeRecords.spooledIn(spool);
        ItemizedRecord itemized = new ItemizedRecord(ROOT, true, spool, runSize);
        byte[] bytes = output.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i += 7) {
            itemized.write(bytes, i, Math.min(7, bytes.length - i));
        }
        try (TreeRecords.Writer writer = records.start(ROOT, tmp.resolve("previous"))) {
            itemized.finishInto(writer, transferred);
        }
        return records;
    }

    private List<String> expected() {
        return List.of("DIRECTORY 0 srv/app/a", "LINKED 3 srv/app/a/z", "LINKED 1 srv/app/a-b",
                "DIRECTORY 0 srv/app/a.d", "FILE 4 srv/app/a.d/new", "LINKED 2 srv/app/c", "OTHER 0 srv/app/fifo",
                "FILE 2 srv/app/hl", "SYMLINK 0 srv/app/sym");
    }

    @Test
    void linesInRsyncsOrderBecomeARecordInTreeOrder() throws Exception {
        List<String> entries = recorded(feed(OUTPUT, ItemizedRecord.RUN, true));

        assertThat(entries).containsExactlyElementsOf(expected());
    }

    @Test
    void spilledRunsMergeToTheSameRecordAndAreDeleted() throws Exception {
        TreeRecords records = feed(OUTPUT, 2, true);

        try (var files = Files.list(spool)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("tree-record.0");
        }
        assertThat(recorded(records)).containsExactlyElementsOf(expected());
    }

    @Test
    void theSameNameTwiceAFailedTransferOrAnUnfinishedLineDropTheRecord() throws Exception {
        assertThat(feed(OUTPUT + "hf          2 c\\#001\n", 2, true).of(ROOT)).isEmpty();
        assertThat(feed(OUTPUT, 2, false).of(ROOT)).isEmpty();
        assertThat(feed(OUTPUT + "hf          2 cut", ItemizedRecord.RUN, true).of(ROOT)).isEmpty();
        assertThat(feed(OUTPUT + "hf          2 x\\#001y\\#001\n", ItemizedRecord.RUN, true).of(ROOT)).isEmpty();
    }
}
