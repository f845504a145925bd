package io.kaizen.backup.source;

import static io.kaizen.backup.source.PostgresqlSourceIT.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kaizen.backup.report.RunReport;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.snapshot.SnapshotJob;
import io.kaizen.backup.snapshot.SnapshotListener;
import io.kaizen.backup.snapshot.SnapshotRequest;
import io.kaizen.backup.store.DumpFile;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.SourceResult;
import io.kaizen.backup.testing.ClientSession;
import io.kaizen.backup.testing.Commands;
import io.kaizen.backup.testing.MariaDbServer;
import io.kaizen.backup.testing.TreeListing;
import io.kaizen.backup.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mysql source against a real MariaDB 10.11 server started for this class. */
class MysqlSourceIT {
    static MariaDbServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() {
        assumeTrue(Commands.isRoot(), "the MariaDB fixture runs mariadbd as user mysql: needs root");
        server = MariaDbServer.start();
        server.sql("""
                CREATE USER kaizen@localhost IDENTIFIED BY 'right-password';
                GRANT SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT, PROCESS, RELOAD, SHOW DATABASES ON *.* TO kaizen@localhost;
                CREATE DATABASE nova;
                CREATE TABLE nova.instances (id INT PRIMARY KEY, hostname VARCHAR(64)) ENGINE=InnoDB;
                INSERT INTO nova.instances VALUES (1, 'vm-1'), (2, 'vm-2'), (3, 'vm-3');
                CREATE DATABASE keystone;
                CREATE TABLE keystone.users (id INT PRIMARY KEY, name VARCHAR(64)) ENGINE=InnoDB;
                INSERT INTO keystone.users VALUES (1, 'admin');
                CREATE PROCEDURE keystone.count_users() SELECT COUNT(*) FROM keystone.users;
                CREATE DATABASE bank;
                CREATE TABLE bank.accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL) ENGINE=InnoDB;
                CREATE TABLE bank.orders (id INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;
                CREATE TABLE bank.order_lines (order_id INT NOT NULL, n INT NOT NULL, filler VARCHAR(64)) ENGINE=InnoDB;
                USE bank;
                INSERT INTO bank.accounts SELECT seq, 1000 FROM seq_1_to_1000;
                INSERT INTO bank.orders SELECT seq FROM seq_1_to_100000;
                INSERT INTO bank.order_lines SELECT o.id, s.seq, REPEAT('x', 40) FROM bank.orders o, seq_1_to_3 s;
                """);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private Path store() {
        return tmp.resolve("store");
    }

    private RunReport snapshot(String date, MysqlSource source, RetentionPolicy retention) {
        SnapshotRequest.Builder builder = SnapshotRequest.builder().store(store()).host("db-1").engine("rsync").source(source);
        if (retention != null) {
            builder.retention(retention);
        }
        Clock clock = Clock.fixed(Instant.parse(date + "T02:30:00Z"), ZoneOffset.UTC);
        return new SnapshotJob(clock, SnapshotListener.NONE).run(builder.build());
    }

    private MysqlSource source(String password, List<String> databases) {
        return new MysqlSource("openstack", server.defaultsFile(tmp.resolve("my-" + password + ".cnf"), "kaizen", password),
                databases, null);
    }

    private Snapshot snapshotOf(String date) {
        return SnapshotStore.at(store()).find(SnapshotName.parse(date)).orElseThrow();
    }

    private static SourceResult result(Snapshot snapshot) {
        return snapshot.manifest().sources().stream().filter(s -> s.kind().equals("mysql")).findFirst().orElseThrow();
    }

    @Test
    void everyDatabaseIsDumpedWithRoutinesCheckedAndRecordedInTheManifest() throws Exception {
        RunReport report = snapshot("2026-11-24", source("right-password", List.of()), null);

        assertThat(report.status()).as(report.failure().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
        Snapshot snapshot = snapshotOf("2026-11-24");
        Path dump = snapshot.dir().resolve("dumps/openstack/all-databases.sql");
        assertThat(dump).content().contains("CREATE TABLE `instances`").contains("PROCEDURE `count_users`")
                .contains("-- Dump completed").doesNotContain("right-password");
        DumpFile file = result(snapshot).files().get(0);
        assertThat(file.path()).isEqualTo("dumps/openstack/all-databases.sql");
        assertThat(file.databases()).contains("mysql", "nova", "keystone", "bank");
        assertThat(file.tool()).startsWith("mysqldump Ver ").contains("MariaDB");
        assertThat(file.serverVersion()).startsWith("10.11.");
        assertThat(file.bytes()).isEqualTo(Files.size(dump));
        assertThat(Verifier.verify(snapshot).ok()).isTrue();
    }

    @Test
    void aDefaultsFileOpenToOthersIsAWarningNamingItAndTheDumpIsOwnerOnly() throws Exception {
        MysqlSource source = source("right-password", List.of("nova"));
        Files.setPosixFilePermissions(source.defaultsFile(), PosixFilePermissions.fromString("rw-r--r--"));

        RunReport report = snapshot("2026-11-24", source, null);

        assertThat(report.status()).as(report.failure().orElse("")).isEqualTo(RunStatus.WARNINGS);
        assertThat(report.status().exitCode()).isEqualTo(3);
        Snapshot snapshot = snapshotOf("2026-11-24");
        assertThat(result(snapshot).message()).contains("defaults-file " + source.defaultsFile())
                .contains("open to group or others").contains("chmod 600");
        assertThat(Files.getPosixFilePermissions(snapshot.dir().resolve("dumps/openstack")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(snapshot.dir().resolve("dumps/openstack/databases.sql")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aWrongPasswordFailsTheRunNamingTheSourceAndKeepsThePreviousDump() throws Exception {
        snapshot("2026-11-20", source("right-password", List.of("nova")), null);
        TreeListing before = TreeListing.of(store().resolve("2026-11-20"));

        RunReport bad = snapshot("2026-11-24", source("wrong-password", List.of("nova")),
                RetentionPolicy.keepDays(1).withMinKeep(1));

        assertThat(bad.status()).isEqualTo(RunStatus.FAILED);
        assertThat(bad.status().exitCode()).isEqualTo(1);
        assertThat(bad.failure()).get().asString().contains("mysql openstack").contains("Access denied");
        assertThat(store().resolve("2026-11-24/dumps/openstack")).doesNotExist();
        assertPreviousDumpIntact(before, "2026-11-20", "databases.sql");
    }

    @Test
    void aServerThatIsDownFailsTheRunNamingTheSource() throws Exception {
        snapshot("2026-11-20", source("right-password", List.of("nova")), null);
        TreeListing before = TreeListing.of(store().resolve("2026-11-20"));
        server.stop();
        RunReport report;
        try {
            report = snapshot("2026-11-24", source("right-password", List.of("nova")), null);
        } finally {
            server.startAgain();
        }
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.failure()).get().asString().contains("mysql openstack").contains("Can't connect");
        assertPreviousDumpIntact(before, "2026-11-20", "databases.sql");
    }

    @Test
    void aDatabaseDroppedDuringTheRunFailsItAndLeavesNoTruncatedDump() throws Exception {
        server.sql("CREATE DATABASE doomed; CREATE TABLE doomed.t (id INT) ENGINE=InnoDB; INSERT INTO doomed.t VALUES (1)");
        snapshot("2026-11-20", source("right-password", List.of("nova")), null);
        TreeListing before = TreeListing.of(store().resolve("2026-11-20"));
        RunReport report;
        try (ClientSession holder = server.session()) {
            holder.send("LOCK TABLES keystone.users WRITE;");
            awaitTrue(() -> Commands.tryRun(List.of("mariadb", "--no-defaults", "-S", server.socket().toString(), "-uroot",
                    "-e", "SET SESSION lock_wait_timeout = 1; SELECT * FROM keystone.users"), Map.of(), null, 30).exitCode() != 0);
            CompletableFuture<RunReport> run = CompletableFuture.supplyAsync(
                    () -> snapshot("2026-11-24", source("right-password", List.of("keystone", "doomed")), null));
            awaitTrue(() -> server.sql("SELECT COUNT(*) FROM information_schema.processlist WHERE user = 'kaizen' "
                    + "AND state = 'Waiting for table metadata lock'").equals("1"));
            server.sql("DROP DATABASE doomed");
            holder.send("UNLOCK TABLES;");
            report = run.get(2, TimeUnit.MINUTES);
        }
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.failure()).get().asString().contains("mysql openstack").contains("doomed");
        assertThat(store().resolve("2026-11-24/dumps/openstack")).doesNotExist();
        assertPreviousDumpIntact(before, "2026-11-20", "databases.sql");
    }

    @Test
    void aSingleTransactionDumpDuringConcurrentWritesIsOneConsistentState() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        RunReport report;
        try (ClientSession writer = server.session()) {
            long ordersBefore = Long.parseLong(server.sql("SELECT COUNT(*) FROM bank.orders"));
            writer.send("USE bank;");
            CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
                for (int i = 0; writing.get(); i++) {
                    int from = 1 + i % 1000;
                    int to = 1 + (i * 7 + 3) % 1000;
                    writer.send("START TRANSACTION; UPDATE bank.accounts SET balance = balance - 7 WHERE id = " + from + ";"
                            + " INSERT INTO bank.orders VALUES (NULL);"
                            + " INSERT INTO bank.order_lines SELECT LAST_INSERT_ID(), seq, 'w' FROM seq_1_to_3;"
                            + " UPDATE bank.accounts SET balance = balance + 7 WHERE id = " + to + "; COMMIT;");
                }
            });
            awaitTrue(() -> Long.parseLong(server.sql("SELECT COUNT(*) FROM bank.orders")) > ordersBefore + 50);
            long atStart = Long.parseLong(server.sql("SELECT COUNT(*) FROM bank.orders"));
            report = snapshot("2026-11-24", source("right-password", List.of("bank")), null);
            long atEnd = Long.parseLong(server.sql("SELECT COUNT(*) FROM bank.orders"));
            writing.set(false);
            writes.get(1, TimeUnit.MINUTES);
            assertThat(atEnd).as("writes went on during the dump").isGreaterThan(atStart);
        }
        assertThat(report.status()).as(report.failure().orElse("")).isEqualTo(RunStatus.SUCCEEDED);

        server.sql("DROP DATABASE bank");
        Commands.run(List.of("mariadb", "--no-defaults", "-S", server.socket().toString(), "-uroot"), Map.of(),
                store().resolve("2026-11-24/dumps/openstack/databases.sql"), 300);
        assertThat(server.sql("SELECT SUM(balance) FROM bank.accounts")).isEqualTo("1000000");
        assertThat(server.sql("SELECT (SELECT COUNT(*) * 3 FROM bank.orders) = (SELECT COUNT(*) FROM bank.order_lines)"))
                .isEqualTo("1");
        assertThat(Long.parseLong(server.sql("SELECT COUNT(*) FROM bank.orders"))).isGreaterThan(100000);
    }

    private void assertPreviousDumpIntact(TreeListing before, String date, String file) throws Exception {
        assertThat(SnapshotStore.at(store()).find(SnapshotName.parse(date))).as("the previous snapshot is still there")
                .isPresent();
        assertThat(TreeListing.of(store().resolve(date)).differences(before)).isEmpty();
        assertThat(Verifier.verify(snapshotOf(date)).ok()).isTrue();
        assertThat(store().resolve(date + "/dumps/openstack/" + file)).content().contains("-- Dump completed");
    }
}
