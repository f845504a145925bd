package io.kaizen.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeRecordsTest {
    private static final byte[] SUM = new byte[32];

    @TempDir
    Path spools;

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static TreeRecords.Entry entry(String relative, TreeRecords.Kind kind) {
        return new TreeRecords.Entry(b(relative), kind, kind == TreeRecords.Kind.DIRECTORY ? 0 : 7,
                kind == TreeRecords.Kind.WRITTEN ? SUM : null);
    }

    private void record(TreeRecords records, String root, boolean complete, String... files) throws IOException {
        try (TreeRecords.Writer writer = records.start(b(root), spools)) {
            for (String file : files) {
                writer.add(entry(file, TreeRecords.Kind.LINKED));
            }
            writer.finish(complete);
        }
    }

    private List<String> spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(spools)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void entriesComeBackInOrderWithTheirKindSizeAndSum() throws Exception {
        TreeRecords records = TreeRecords.spooledIn(spools);
        SUM[0] = 42;
        try (TreeRecords.Writer writer = records.start(b("srv/app"), spools.resolve("prev"))) {
            writer.add(entry("srv/app/a", TreeRecords.Kind.LINKED));
            writer.add(entry("srv/app/dir", TreeRecords.Kind.DIRECTORY));
            writer.add(entry("srv/app/dir/fifo", TreeRecords.Kind.OTHER));
            writer.add(entry("srv/app/dir/link", TreeRecords.Kind.SYMLINK));
            writer.add(entry("srv/app/dir/new", TreeRecords.Kind.WRITTEN));
            writer.add(entry("srv/app/z", TreeRecords.Kind.FILE));
            writer.finish(true);
        }

        TreeRecords.Recorded recorded = records.of(b("srv/app")).orElseThrow();
        assertThat(recorded.linkedTo()).isEqualTo(spools.resolve("prev"));
        List<String> read = new ArrayList<>();
        try (TreeRecords.Reader reader = recorded.read()) {
            for (TreeRecords.Entry e = reader.next(); e != null; e = reader.next()) {
                read.add(new String(e.relative(), StandardCharsets.UTF_8) + " " + e.kind() + " " + e.size()
                        + (e.sha256() == null ? "" : " " + e.sha256()[0]));
            }
        }
        assertThat(read).containsExactly("srv/app/a LINKED 7", "srv/app/dir DIRECTORY 0", "srv/app/dir/fifo OTHER 0",
                "srv/app/dir/link SYMLINK 0", "srv/app/dir/new WRITTEN 7 42", "srv/app/z FILE 7");
        assertThat(records.of(b("srv"))).isEmpty();
        assertThat(records.of(b("srv/app/dir"))).isEmpty();

        records.deleteSpools();
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void anEntryOutOfTreeOrderOrOutsideTheRootIsRefused() throws Exception {
        TreeRecords records = TreeRecords.spooledIn(spools);
        try (TreeRecords.Writer writer = records.start(b("srv/app"), null)) {
            writer.add(entry("srv/app/b", TreeRecords.Kind.LINKED));
            assertThatThrownBy(() -> writer.add(entry("srv/app/a", TreeRecords.Kind.LINKED)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("srv/app/a");
            assertThatThrownBy(() -> writer.add(entry("srv/application", TreeRecords.Kind.LINKED)))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> writer.add(entry("srv/app", TreeRecords.Kind.DIRECTORY)))
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThat(records.of(b("srv/app"))).as("closed without finish(true)").isEmpty();
    }

    @Test
    void anIncompleteRecordIsDroppedWithItsSpoolAndHidesRecordsAboveAndBelowIt() throws Exception {
        TreeRecords records = TreeRecords.spooledIn(spools);
        record(records, "srv", true, "srv/a");
        record(records, "var/lib", true, "var/lib/a");
        record(records, "srv/app", false, "srv/app/a");

        assertThat(records.of(b("srv"))).isEmpty();
        assertThat(records.of(b("srv/app"))).isEmpty();
        assertThat(records.of(b("var/lib"))).isPresent();
        assertThat(spoolFiles()).hasSize(2);
    }

    @Test
    void nestedOrRepeatedRootsAreNotUsedButSiblingsWithACommonPrefixAre() throws Exception {
        TreeRecords records = TreeRecords.spooledIn(spools);
        record(records, "etc", true, "etc/a");
        record(records, "etc/nova", true, "etc/nova/a");
        record(records, "opt/x", true, "opt/x/a");
        record(records, "opt/x", true, "opt/x/a");
        record(records, "srv/app", true, "srv/app/a");
        record(records, "srv/application", true, "srv/application/a");

        assertThat(records.of(b("etc"))).isEmpty();
        assertThat(records.of(b("etc/nova"))).isEmpty();
        assertThat(records.of(b("opt/x"))).isEmpty();
        assertThat(records.of(b("srv/app"))).isPresent();
        assertThat(records.of(b("srv/application"))).isPresent();
    }

    @Test
    void aTouchedPathHidesRecordsAtAboveAndBelowIt() throws Exception {
        TreeRecords records = TreeRecords.spooledIn(spools);
        record(records, "dumps", true, "dumps/a");
        record(records, "var", true, "var/a");
        record(records, "srv", true, "srv/a");
        records.touched(b("dumps"));
        records.touched(b("var/lib"));

        assertThat(records.of(b("dumps"))).isEmpty();
        assertThat(records.of(b("var"))).isEmpty();
        assertThat(records.of(b("srv"))).isPresent();
    }

    @Test
    void noneAndTheSnapshotRootKeepNothing() throws Exception {
        TreeRecords none = TreeRecords.none();
        try (TreeRecords.Writer writer = none.start(b("srv"), null)) {
            assertThat(writer.keeps()).isFalse();
            writer.add(entry("srv/a", TreeRecords.Kind.LINKED));
            writer.finish(true);
        }
        assertThat(none.of(b("srv"))).isEmpty();

        TreeRecords records = TreeRecords.spooledIn(spools);
        try (TreeRecords.Writer writer = records.start(new byte[0], null)) {
            assertThat(writer.keeps()).as("a source at / holds dumps/ and backup.info too").isFalse();
            writer.finish(true);
        }
        assertThat(spoolFiles()).isEmpty();
    }
}
