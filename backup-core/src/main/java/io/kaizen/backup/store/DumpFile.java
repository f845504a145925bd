package io.kaizen.backup.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One file a dump source wrote: its path relative to the snapshot ({@code dumps/haas/haas.dump}), its size, the
 * tool and version that wrote it ({@code pg_dump (PostgreSQL) 15.18}), the server's version when the dump says
 * it, and the databases it holds (empty for cluster-wide data such as PostgreSQL's roles).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DumpFile(String path, long bytes, String tool, String serverVersion, List<String> databases) {
    public DumpFile {
        databases = databases == null ? List.of() : List.copyOf(databases);
    }
}
