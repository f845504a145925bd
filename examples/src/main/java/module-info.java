/**
 * Examples of embedding Kaizen Backup. This module reads only what the core module exports, so it compiles
 * only against the public API.
 */
module io.kaizen.backup.examples {
    requires transitive io.kaizen.backup;

    exports io.kaizen.backup.examples;
}
