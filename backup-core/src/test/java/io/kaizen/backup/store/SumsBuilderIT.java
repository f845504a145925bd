package io.kaizen.backup.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.testing.TreeBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SumsBuilder on real directories, with and without an engine's tree record. */
class SumsBuilderIT {
    private static final String PLANTED = "1".repeat(64);
    private static final String WRITTEN = "2".repeat(64);

    @TempDir
    Path tmp;
    Path partial;
    Snapshot previous;

    @BeforeEach
    void trees() throws Exception {
        Path prev = TreeBuilder.at(tmp.resolve("prev")).file("srv/app/linked", "old").root();
        Files.createDirectories(prev.resolve(Snapshot.META_DIR));
        Files.writeString(prev.resolve(Snapshot.META_DIR).resolve("SHA256SUMS"), PLANTED + "  srv/app/linked\n");
        previous = new Snapshot(SnapshotName.parse("2026-11-23"), prev, null);
        partial = TreeBuilder.at(tmp.resolve("partial")).file("backup.info", "info").file("etc/x", "x")
                .file("srv/app/linked", "not the previous copy").file("srv/app/new", "new content")
                .file("srv/app/sub/plain", "plain").symlink("srv/app/sub/link", "plain").file("srv/zz", "zz").root();
        Files.createDirectories(partial.resolve(Snapshot.META_DIR));
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private TreeRecords record(Path linkedTo) throws Exception {
        TreeRecords records = TreeRecords.spooledIn(partial.resolve(Snapshot.META_DIR));
        try (TreeRecords.Writer writer = records.start(b("srv/app"), linkedTo)) {
            writer.add(new TreeRecords.Entry(b("srv/app/linked"), TreeRecords.Kind.LINKED, 3, null));
            writer.add(new TreeRecords.Entry(b("srv/app/new"), TreeRecords.Kind.WRITTEN, 11,
                    HexFormat.of().parseHex(WRITTEN)));
            writer.add(new TreeRecords.Entry(b("srv/app/sub"), TreeRecords.Kind.DIRECTORY, 0, null));
            writer.add(new TreeRecords.Entry(b("srv/app/sub/link"), TreeRecords.Kind.SYMLINK, 0, null));
            writer.add(new TreeRecords.Entry(b("srv/app/sub/plain"), TreeRecords.Kind.FILE, 5, null));
            writer.finish(true);
        }
        return records;
    }

    private List<String> sums() throws Exception {
        return Files.readAllLines(partial.resolve(Snapshot.META_DIR).resolve("SHA256SUMS"));
    }

    private String real(String relative) throws Exception {
        return Sha256.hexOf(partial.resolve(relative)) + "  " + relative;
    }

    @Test
    void aRecordedSubtreeIsTakenFromTheRecordNotStatedOrReadAgain() throws Exception {
        SumsBuilder.Result result = SumsBuilder.build(partial, Optional.of(previous), WrittenSums.withLimit(0),
                record(previous.dir()));

        assertThat(sums()).containsExactly(real("backup.info"), real("etc/x"),
                PLANTED + "  srv/app/linked", WRITTEN + "  srv/app/new", real("srv/app/sub/plain"), real("srv/zz"));
        assertThat(result.counts()).isEqualTo(new Counts(6, 4, 1, 0, 4 + 1 + 3 + 11 + 5 + 2, 5, 1, 4 + 1 + 11 + 5 + 2));
    }

    @Test
    void withoutARecordTheTreeIsWalkedAndEveryFileNotSharedWithThePreviousIsRead() throws Exception {
        SumsBuilder.Result result = SumsBuilder.build(partial, Optional.of(previous), WrittenSums.withLimit(0),
                TreeRecords.none());

        assertThat(sums()).containsExactly(real("backup.info"), real("etc/x"), real("srv/app/linked"),
                real("srv/app/new"), real("srv/app/sub/plain"), real("srv/zz"));
        assertThat(result.counts().filesLinked()).isZero();
    }

    @Test
    void aFileLinkedAgainstAnotherSnapshotThanThePreviousIsRead() throws Exception {
        SumsBuilder.build(partial, Optional.of(previous), WrittenSums.withLimit(0), record(tmp.resolve("other")));

        assertThat(sums()).contains(real("srv/app/linked"), WRITTEN + "  srv/app/new");
    }
}
