package io.kaizen.backup.restore;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.source.Source;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Restore the dumps of database source {@code name} from {@code snapshot} ({@code latest} or a date) of the
 * store. {@code configured} is that source as the node's config describes it (its connection and OS user); when
 * absent, the manifest says which kind it is and the clients' defaults apply. The overrides point the restore at
 * another server: {@code host} and {@code port} for PostgreSQL, {@code defaultsFile} for MariaDB/MySQL.
 * {@code dataDir} is where a mariabackup source's backup is prepared into a data directory (it must not exist or
 * be empty); the logical sources restore into a server and take none.
 */
public record DatabaseRestoreRequest(Path store, String snapshot, String name, Optional<Source> configured,
                                     String host, Integer port, Path defaultsFile, Path dataDir) {
    public DatabaseRestoreRequest {
        if (name == null || name.isBlank()) {
            throw new ConfigException("a database restore needs the name of a postgresql or mysql source");
        }
        store = store.toAbsolutePath().normalize();
    }
}
