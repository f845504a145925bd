/**
 * Kaizen Backup's core library. Embedders start at {@link io.kaizen.backup.api.Backups}; the other exported
 * packages hold the types its signatures expose (listeners, results, request values, exceptions). Everything
 * else (file-system toolkit, engines, SSH client, agent protocol, configuration) is internal. Nothing is opened:
 * the JSON of the on-disk format is public records of {@code io.kaizen.backup.store}, which Jackson reaches
 * through their public constructors and accessors.
 *
 * <p>File names are handled as bytes, read from the JDK's Unix paths: run with
 * {@code --add-opens java.base/sun.nio.fs=io.kaizen.backup}.
 */
@SuppressWarnings("requires-automatic") // the Prometheus, AWS SDK and lz4-java jars declare only an Automatic-Module-Name
module io.kaizen.backup {
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.github.luben.zstd_jni;
    requires com.google.crypto.tink;
    requires com.jcraft.jsch;
    requires com.sun.jna;
    requires io.prometheus.metrics.config;
    requires io.prometheus.metrics.model;
    requires io.prometheus.writer.text;
    requires org.apache.commons.io;
    requires org.lz4.java;
    requires org.slf4j;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.services.s3;

    exports io.kaizen.backup;
    exports io.kaizen.backup.api;
    exports io.kaizen.backup.collect;
    exports io.kaizen.backup.collect.pull;
    exports io.kaizen.backup.inventory;
    exports io.kaizen.backup.remote;
    exports io.kaizen.backup.report;
    exports io.kaizen.backup.restore;
    exports io.kaizen.backup.retention;
    exports io.kaizen.backup.snapshot;
    exports io.kaizen.backup.source;
    exports io.kaizen.backup.store;
    exports io.kaizen.backup.verify;
}
