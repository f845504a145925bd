package io.kaizen.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streaming reader and writer of the lock holder and the manifest against what Jackson's data binding
 * ({@link Json#mapper()}, which wrote every existing store) writes and reads.
 */
class JsonStreamTest {
    private static final Manifest FULL = new Manifest(1, "db-1", "2026-11-25", Instant.parse("2026-11-25T02:00:00Z"),
            Instant.parse("2026-11-25T02:03:04.123456789Z"), "0.1.0", "java", RunStatus.WARNINGS,
            List.of(new SourceResult("path", "/etc", RunStatus.SUCCEEDED, null, List.of(), null,
                            new ReflinkStats(2, 1 << 30, 4096, null)),
                    new SourceResult("postgresql", "haas", RunStatus.WARNINGS, "vanished: \"x\"\n\ty",
                            List.of(new DumpFile("dumps/haas/haas.dump", 123_456_789_012L, "pg_dump (PostgreSQL) 15.18",
                                            "15.18", List.of("haas", "ünïcode")),
                                    new DumpFile("dumps/haas/globals.sql", 0, "pg_dumpall", null, List.of())),
                            Boolean.TRUE, null),
                    new SourceResult("path", "/srv", RunStatus.FAILED, "gone", List.of(), Boolean.FALSE,
                            new ReflinkStats(0, 0, 0, "no reflinks on ext4"))),
            new Counts(1, 2, 3, 4, Long.MAX_VALUE, 6, 7, 8), List.of("a warning", "another"), "ab".repeat(32));

    @Test
    void aManifestWrittenByTheMapperIsReadBackEqual() throws IOException {
        Manifest minimal = new Manifest(1, "n", "2026-01-01", null, null, null, null, RunStatus.SUCCEEDED, List.of(),
                Counts.ZERO, List.of(), null);
        for (Manifest manifest : List.of(FULL, minimal)) {
            byte[] written = Json.mapper().writeValueAsBytes(manifest);
            assertThat(ManifestJson.read(written)).isEqualTo(manifest)
                    .isEqualTo(Json.mapper().readValue(written, Manifest.class));
        }
    }

    @Test
    void unknownFieldsAreIgnoredAndMissingOnesAreNullOrZeroAsTheMapperReadsThem() throws IOException {
        byte[] content = """
                {"future": {"a": [1, {"b": null}]}, "formatVersion": 1, "snapshot": "2026-01-01",
                 "status": "failed", "sources": [{"kind": "path", "extra": [], "files": null}],
                 "counts": {"files": 5, "new": "x"}, "warnings": []}
                """.getBytes(StandardCharsets.UTF_8);
        Manifest read = ManifestJson.read(content);
        assertThat(read).isEqualTo(Json.mapper().readValue(content, Manifest.class));
        assertThat(read.host()).isNull();
        assertThat(read.counts()).isEqualTo(new Counts(5, 0, 0, 0, 0, 0, 0, 0));
        assertThat(read.sources().get(0).files()).isEmpty();
    }

    @Test
    void whatTheMapperRejectsIsRejected() {
        List<String> bad = List.of("[]", "{\"status\": \"maybe\", \"sources\": [], \"warnings\": []}",
                "{\"started\": \"yesterday\", \"sources\": [], \"warnings\": []}",
                "{\"sources\": [], \"warnings\": []", "{\"warnings\": []}",
                "{\"sources\": [], \"warnings\": [null]}");
        for (String content : bad) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> Json.mapper().readValue(bytes, Manifest.class)).as(content).isNotNull();
            assertThatThrownBy(() -> ManifestJson.read(bytes)).as(content).isNotNull();
        }
    }

    @Test
    void theLockHolderIsWrittenByteForByteAsTheMapperWritesItAndReadBack() throws IOException {
        for (StoreLock.Holder holder : List.of(
                new StoreLock.Holder(4242, "node-a", Instant.parse("2026-11-25T02:00:00.5Z"), "kaizen-run-42-abc"),
                new StoreLock.Holder(1, null, Instant.EPOCH, null),
                new StoreLock.Holder(Long.MAX_VALUE, "n\u00e9ud \"x\"", null, ""))) {
            byte[] mapped = Json.mapper().writeValueAsBytes(holder);
            assertThat(holder.toJson()).asString(StandardCharsets.UTF_8)
                    .isEqualTo(new String(mapped, StandardCharsets.UTF_8));
            assertThat(StoreLock.Holder.fromJson(mapped)).isEqualTo(holder);
        }
    }
}
