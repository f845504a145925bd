package io.kaizen.backup.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.report.RunReport;
import io.kaizen.backup.restore.DatabaseRestorePlan;
import io.kaizen.backup.restore.DatabaseRestoreRequest;
import io.kaizen.backup.restore.DatabaseRestorer;
import io.kaizen.backup.snapshot.SnapshotJob;
import io.kaizen.backup.snapshot.SnapshotListener;
import io.kaizen.backup.snapshot.SnapshotRequest;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.SourceResult;
import io.kaizen.backup.testing.Commands;
import io.kaizen.backup.testing.MariaDbServer;
import io.kaizen.backup.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mariabackup source against a real MariaDB 10.11 server: full and incremental backups, restored and counted. */
class MariabackupSourceIT {
    static MariaDbServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() {
        assumeTrue(Commands.isRoot(), "the MariaDB fixture runs mariadbd as user mysql: needs root");
        server = MariaDbServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void freshDatabase() {
        server.sql("DROP DATABASE IF EXISTS nova; CREATE DATABASE nova;"
                + " CREATE TABLE nova.instances (id INT PRIMARY KEY, hostname VARCHAR(64)) ENGINE=InnoDB;");
    }

    private Path store() {
        return tmp.resolve("store");
    }

    private MariabackupSource source(int fullEvery, String user) {
        return new MariabackupSource("galera", server.defaultsFile(tmp.resolve(user + ".cnf"), user, null), fullEvery, null);
    }

    private RunReport snapshot(String date, MariabackupSource source) {
        SnapshotRequest request = SnapshotRequest.builder().store(store()).host("db-1").engine("rsync").source(source).build();
        return new SnapshotJob(Clock.fixed(Instant.parse(date + "T02:30:00Z"), ZoneOffset.UTC), SnapshotListener.NONE)
                .run(request);
    }

    private void addRows(int from, int to) {
        server.sql("USE nova; INSERT INTO instances SELECT seq, CONCAT('vm-', seq) FROM seq_" + from + "_to_" + to + ";");
    }

    private Path chain(String date) {
        return store().resolve(date).resolve("dumps/galera");
    }

    private static Object inode(Path file) throws Exception {
        return Files.readAttributes(file, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");
    }

    /** Restores {@code date}'s chain into a new data directory, serves it and counts the rows. */
    private String restoredRowCount(String date) {
        Path dataDir = tmp.resolve("restored-" + date);
        DatabaseRestorePlan plan = DatabaseRestorer.plan(new DatabaseRestoreRequest(store(), date, "galera",
                Optional.empty(), null, null, null, dataDir), Clock.systemUTC());
        DatabaseRestorer.apply(plan);
        try (MariaDbServer restored = MariaDbServer.startOn(dataDir)) {
            return restored.sql("SELECT COUNT(*), MAX(id) FROM nova.instances");
        }
    }

    @Test
    void aFullBackupThenDailyIncrementalsEachSnapshotRestoringToItsOwnDay() throws Exception {
        addRows(1, 1000);
        RunReport first = snapshot("2026-11-20", source(7, "root"));
        addRows(1001, 1500);
        RunReport second = snapshot("2026-11-21", source(7, "root"));
        addRows(1501, 1600);
        RunReport third = snapshot("2026-11-22", source(7, "root"));

        for (RunReport report : new RunReport[] {first, second, third}) {
            assertThat(report.status()).as(report.failure().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
        }
        assertThat(chain("2026-11-20").resolve("inc-1")).doesNotExist();
        assertThat(chain("2026-11-22").resolve("full/xtrabackup_checkpoints")).content().contains("backup_type = full-backuped");
        assertThat(chain("2026-11-22").resolve("inc-2/xtrabackup_checkpoints")).content().contains("backup_type = incremental");
        assertThat(inode(chain("2026-11-22").resolve("full/ibdata1")))
                .as("the full backup is shared with the day it was taken, not copied")
                .isEqualTo(inode(chain("2026-11-20").resolve("full/ibdata1")));
        SourceResult recorded = SnapshotStore.at(store()).select("2026-11-22", Clock.systemUTC()).manifest().sources().get(0);
        assertThat(recorded.kind()).isEqualTo("mariabackup");
        assertThat(recorded.files()).extracting(f -> f.path()).containsExactly(
                "dumps/galera/full/xtrabackup_checkpoints", "dumps/galera/inc-1/xtrabackup_checkpoints",
                "dumps/galera/inc-2/xtrabackup_checkpoints");
        assertThat(recorded.files().get(0).serverVersion()).startsWith("10.11.");
        assertThat(Verifier.verify(SnapshotStore.at(store()).select("2026-11-22", Clock.systemUTC())).ok()).isTrue();

        Commands.run("rm", "-rf", store().resolve("2026-11-20").toString());
        assertThat(restoredRowCount("2026-11-22")).as("the newest day, its first day deleted by retention")
                .isEqualTo("1600\t1600");
        assertThat(restoredRowCount("2026-11-21")).isEqualTo("1500\t1500");
    }

    @Test
    void aNewFullBackupAfterFullEverySnapshots() {
        addRows(1, 100);
        snapshot("2026-11-20", source(2, "root"));
        snapshot("2026-11-21", source(2, "root"));
        addRows(101, 150);
        RunReport third = snapshot("2026-11-22", source(2, "root"));

        assertThat(third.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(chain("2026-11-21").resolve("inc-1")).isDirectory();
        assertThat(chain("2026-11-22").resolve("inc-1")).doesNotExist();
        assertThat(chain("2026-11-22").resolve("full/xtrabackup_checkpoints")).content().contains("full-backuped");
        assertThat(restoredRowCount("2026-11-22")).isEqualTo("150\t150");
    }

    @Test
    void aLoginThatFailsFailsTheSourceNamingItAndLeavesNoPartialChain() {
        addRows(1, 10);
        snapshot("2026-11-20", source(7, "root"));

        RunReport bad = snapshot("2026-11-21", source(7, "nobody-here"));

        assertThat(bad.status()).isEqualTo(RunStatus.FAILED);
        assertThat(bad.failure()).get().asString().contains("mariabackup galera").contains("Access denied");
        assertThat(chain("2026-11-21")).doesNotExist();
        assertThat(chain("2026-11-20").resolve("full/xtrabackup_checkpoints")).isRegularFile();
    }

    @Test
    void aRestoreNeedsANewDataDirectory() throws Exception {
        addRows(1, 10);
        snapshot("2026-11-20", source(7, "root"));
        Path occupied = Files.createDirectories(tmp.resolve("occupied"));
        Files.writeString(occupied.resolve("ibdata1"), "live data");

        Assertions.assertThatThrownBy(() -> DatabaseRestorer.plan(new DatabaseRestoreRequest(store(), "latest", "galera",
                        Optional.empty(), null, null, null, occupied), Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exists and is not empty");
        Assertions.assertThatThrownBy(() -> DatabaseRestorer.plan(new DatabaseRestoreRequest(store(), "latest", "galera",
                        Optional.empty(), null, null, null, null), Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("give --to DIR");
        assertThat(occupied.resolve("ibdata1")).hasContent("live data");
    }
}
