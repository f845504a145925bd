package io.kaizen.backup.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DumpScannerTest {
    private static DumpScanner scan(String text, int chunk, List<String> prefixes) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DumpScanner scanner = new DumpScanner(sink, prefixes);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            scanner.write(bytes, i, Math.min(chunk, bytes.length - i));
        }
        assertThat(sink.toByteArray()).isEqualTo(bytes);
        return scanner;
    }

    @Test
    void linesStartingWithAPrefixAreCollectedWhateverTheChunkBoundaries() throws Exception {
        String dump = "-- MariaDB dump 10.19\n-- Server version\t10.11.19-MariaDB\n"
                + "INSERT INTO t VALUES (" + "1,".repeat(5000) + "2);\n"
                + "-- Current Database: `nova`\n--- not this\n-- Current Database: `we``ird`\n-- Dump completed on 2026-11-24\n";
        for (int chunk : new int[] {1, 3, 7, 64, 100_000}) {
            DumpScanner scanner = scan(dump, chunk, List.of("-- Server version", "-- Current Database: "));
            assertThat(scanner.matchedLines()).as("chunk " + chunk).containsExactly("-- Server version\t10.11.19-MariaDB",
                    "-- Current Database: `nova`", "-- Current Database: `we``ird`");
            assertThat(scanner.endsWithLineContaining("-- Dump completed")).isTrue();
        }
    }

    @Test
    void aDumpCutShortLacksItsMarker() throws Exception {
        DumpScanner scanner = scan("-- MariaDB dump\nINSERT INTO t VALUES (1);\n-- Dump completed\nINSERT INTO u VALUES " + "(1),".repeat(100), 13,
                List.of());
        assertThat(scanner.endsWithLineContaining("-- Dump completed")).isFalse();
        assertThat(scan("x\n--\n-- PostgreSQL database cluster dump complete\n--\n\n", 5, List.of())
                .endsWithLineContaining(PostgresqlSource.GLOBALS_MARKER)).isTrue();
    }

    @Test
    void mysqldumpIdentifiersAreUnquoted() {
        assertThat(MysqlSource.unquote("`we``ird`")).isEqualTo("we`ird");
        assertThat(MysqlSource.unquote("`nova`")).isEqualTo("nova");
    }
}
