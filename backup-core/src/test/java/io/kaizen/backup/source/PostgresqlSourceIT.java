package io.kaizen.backup.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kaizen.backup.report.RunReport;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.snapshot.SnapshotJob;
import io.kaizen.backup.snapshot.SnapshotListener;
import io.kaizen.backup.store.DumpFile;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.SourceResult;
import io.kaizen.backup.testing.ClientSession;
import io.kaizen.backup.testing.Commands;
import io.kaizen.backup.testing.PostgresServer;
import io.kaizen.backup.testing.TreeListing;
import io.kaizen.backup.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
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

/** The postgresql source against a real PostgreSQL 15 server started for this class. */
class PostgresqlSourceIT {
    static PostgresServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() {
        assumeTrue(Commands.isRoot(), "the PostgreSQL fixture runs initdb as user postgres: needs root");
        server = PostgresServer.start();
        server.sql("postgres", "CREATE ROLE haas_owner LOGIN");
        server.sql("postgres", "CREATE ROLE kaizen LOGIN SUPERUSER PASSWORD 'right-password'");
        server.sql("postgres", "CREATE DATABASE haas OWNER haas_owner");
        server.sql("postgres", "CREATE DATABASE inventory");
        server.sql("postgres", "CREATE DATABASE shop");
        server.sql("haas", """
                CREATE TABLE nodes (id serial PRIMARY KEY, name text NOT NULL, project text);
                INSERT INTO nodes (name, project) SELECT 'node-' || g, 'p' || (g % 7) FROM generate_series(1, 5000) g;
                ALTER TABLE nodes OWNER TO haas_owner;
                """);
        server.sql("shop", """
                CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL);
                INSERT INTO accounts SELECT g, 1000 FROM generate_series(1, 1000) g;
                CREATE TABLE orders (id serial PRIMARY KEY, placed timestamptz DEFAULT now());
                CREATE TABLE order_lines (order_id int NOT NULL, n int NOT NULL, filler text);
                INSERT INTO orders SELECT FROM generate_series(1, 100000);
                INSERT INTO order_lines SELECT o.id, g, repeat('x', 40) FROM orders o, generate_series(1, 3) g;
                """);
        server.sql("inventory", "CREATE TABLE racks (id int PRIMARY KEY, label text); INSERT INTO racks VALUES (1, 'r1'), (2, 'r2')");
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

    private RunReport snapshot(String date, PostgresqlSource source, RetentionPolicy retention) {
        var builder = io.kaizen.backup.snapshot.SnapshotRequest.builder().store(store()).host("db-1").engine("rsync")
                .source(source);
        if (retention != null) {
            builder.retention(retention);
        }
        Clock clock = Clock.fixed(Instant.parse(date + "T02:30:00Z"), ZoneOffset.UTC);
        return new SnapshotJob(clock, SnapshotListener.NONE).run(builder.build());
    }

    private static PostgresqlSource peer(List<String> databases) {
        return new PostgresqlSource("haas", server.socketDir().toString(), server.port(), "postgres", null, null,
                databases, PostgresServer.BIN, null);
    }

    private PostgresqlSource overTcp(String password) throws Exception {
        Path passfile = tmp.resolve("pgpass-" + password);
        Files.writeString(passfile, "127.0.0.1:" + server.port() + ":*:kaizen:" + password + "\n");
        Files.setPosixFilePermissions(passfile, PosixFilePermissions.fromString("rw-------"));
        return new PostgresqlSource("haas", "127.0.0.1", server.port(), null, "kaizen", passfile, List.of("haas"),
                PostgresServer.BIN, null);
    }

    private Snapshot snapshotOf(String date) {
        return SnapshotStore.at(store()).find(SnapshotName.parse(date)).orElseThrow();
    }

    private static SourceResult result(Snapshot snapshot) {
        return snapshot.manifest().sources().stream().filter(s -> s.kind().equals("postgresql")).findFirst().orElseThrow();
    }

    @Test
    void everyDatabaseAndTheGlobalsAreDumpedCheckedAndRecordedInTheManifest() throws Exception {
        RunReport report = snapshot("2026-11-24", peer(List.of()), null);

        assertThat(report.status()).as(report.failure().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
        Snapshot snapshot = snapshotOf("2026-11-24");
        Path dumps = snapshot.dir().resolve("dumps/haas");
        assertThat(dumps.resolve("globals.sql")).content().contains("CREATE ROLE haas_owner")
                .contains("PostgreSQL database cluster dump complete");
        assertThat(Commands.run(PostgresServer.BIN.resolve("pg_restore").toString(), "--list",
                dumps.resolve("haas.dump").toString())).contains("TABLE DATA public nodes");
        SourceResult recorded = result(snapshot);
        assertThat(recorded.files()).extracting(DumpFile::path).containsExactly("dumps/haas/globals.sql",
                "dumps/haas/haas.dump", "dumps/haas/inventory.dump", "dumps/haas/postgres.dump", "dumps/haas/shop.dump");
        assertThat(recorded.files()).allSatisfy(f -> {
            assertThat(f.tool()).matches("pg_dump(all)? \\(PostgreSQL\\) 15\\..*");
            assertThat(f.bytes()).isEqualTo(Files.size(snapshot.dir().resolve(f.path())));
        });
        assertThat(recorded.files().get(1).databases()).containsExactly("haas");
        assertThat(recorded.files().get(1).serverVersion()).startsWith("15.");
        assertThat(recorded.files().get(1).tool()).as("the pg_dump version the archive names, as pg_dump --version says it")
                .isEqualTo(Commands.run(PostgresServer.BIN.resolve("pg_dump").toString(), "--version").strip());
        assertThat(recorded.files().get(0).databases()).isEmpty();
        assertThat(Files.readString(snapshot.manifestFile())).contains("\"databases\" : [ \"haas\" ]")
                .contains("\"tool\" : \"pg_dump (PostgreSQL) 15.");
        assertThat(Verifier.verify(snapshot).ok()).isTrue();
    }

    @Test
    void aPasswordComesFromThePassfileAndAWrongOneFailsTheRunKeepingThePreviousDumps() throws Exception {
        RunReport good = snapshot("2026-11-20", overTcp("right-password"), null);
        assertThat(good.status()).as(good.failure().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
        TreeListing before = TreeListing.of(store().resolve("2026-11-20"));

        RunReport bad = snapshot("2026-11-24", overTcp("wrong-password"), RetentionPolicy.keepDays(1).withMinKeep(1));

        assertThat(bad.status()).isEqualTo(RunStatus.FAILED);
        assertThat(bad.status().exitCode()).isEqualTo(1);
        assertThat(bad.failure()).get().asString().contains("postgresql haas").contains("password authentication failed");
        assertPreviousDumpsIntact(before, "2026-11-20");
        assertThat(store().resolve("2026-11-24/dumps/haas")).doesNotExist();
        assertThat(result(snapshotOf("2026-11-24")).status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void aServerThatIsDownFailsTheRunNamingTheSource() throws Exception {
        snapshot("2026-11-20", peer(List.of("haas")), null);
        TreeListing before = TreeListing.of(store().resolve("2026-11-20"));
        server.stop();
        RunReport report;
        try {
            report = snapshot("2026-11-24", peer(List.of("haas")), RetentionPolicy.keepDays(1).withMinKeep(1));
        } finally {
            server.startAgain();
        }
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.failure()).get().asString().contains("postgresql haas").containsIgnoringCase("connect");
        assertPreviousDumpsIntact(before, "2026-11-20");
    }

    @Test
    void aDatabaseDroppedWhileItIsBeingDumpedFailsTheRunAndTheOtherDatabasesAreKept() throws Exception {
        server.sql("postgres", "CREATE DATABASE doomed");
        server.sql("doomed", "CREATE TABLE t (id int); INSERT INTO t VALUES (1)");
        snapshot("2026-11-20", peer(List.of("haas")), null);
        TreeListing before = TreeListing.of(store().resolve("2026-11-20"));
        RunReport report;
        try (ClientSession holder = server.session("doomed")) {
            holder.send("BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE;");
            CompletableFuture<RunReport> run = CompletableFuture.supplyAsync(
                    () -> snapshot("2026-11-24", peer(List.of("haas", "doomed")), null));
            awaitTrue(() -> server.sql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE datname = 'doomed' "
                    + "AND application_name = 'pg_dump' AND wait_event_type = 'Lock'").equals("1"));
            server.sql("postgres", "DROP DATABASE doomed WITH (FORCE)");
            report = run.get(2, TimeUnit.MINUTES);
        }
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.failure()).get().asString().contains("postgresql haas").contains("database doomed: pg_dump");
        SourceResult recorded = result(snapshotOf("2026-11-24"));
        assertThat(recorded.files()).extracting(DumpFile::path).containsExactly("dumps/haas/globals.sql",
                "dumps/haas/haas.dump");
        assertThat(store().resolve("2026-11-24/dumps/haas/doomed.dump")).doesNotExist();
        assertPreviousDumpsIntact(before, "2026-11-20");
    }

    @Test
    void aDumpTakenDuringConcurrentWritesIsOneConsistentState() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        long ordersBefore = Long.parseLong(server.sql("shop", "SELECT count(*) FROM orders"));
        RunReport report;
        try (ClientSession writer = server.session("shop")) {
            CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
                for (int i = 0; writing.get(); i++) {
                    int from = 1 + i % 1000;
                    int to = 1 + (i * 7 + 3) % 1000;
                    writer.send("BEGIN; UPDATE accounts SET balance = balance - 7 WHERE id = " + from + ";"
                            + " INSERT INTO orders DEFAULT VALUES;"
                            + " INSERT INTO order_lines SELECT currval('orders_id_seq'), g, 'w' FROM generate_series(1, 3) g;"
                            + " UPDATE accounts SET balance = balance + 7 WHERE id = " + to + "; COMMIT;");
                }
            });
            awaitTrue(() -> Long.parseLong(server.sql("shop", "SELECT count(*) FROM orders")) > ordersBefore + 50);
            long ordersAtStart = Long.parseLong(server.sql("shop", "SELECT count(*) FROM orders"));
            report = snapshot("2026-11-24", peer(List.of("shop")), null);
            long ordersAtEnd = Long.parseLong(server.sql("shop", "SELECT count(*) FROM orders"));
            writing.set(false);
            writes.get(1, TimeUnit.MINUTES);
            assertThat(ordersAtEnd).as("writes went on during the dump").isGreaterThan(ordersAtStart);
        }
        assertThat(report.status()).as(report.failure().orElse("")).isEqualTo(RunStatus.SUCCEEDED);

        server.sql("postgres", "DROP DATABASE IF EXISTS shop_check");
        server.sql("postgres", "CREATE DATABASE shop_check");
        Commands.run(List.of("runuser", "-u", "postgres", "--", PostgresServer.BIN.resolve("pg_restore").toString(),
                "-h", server.socketDir().toString(), "-p", Integer.toString(server.port()), "-d", "shop_check",
                "--no-owner", "--exit-on-error"), Map.of(), store().resolve("2026-11-24/dumps/haas/shop.dump"), 300);
        assertThat(server.sql("shop_check", "SELECT sum(balance) FROM accounts")).isEqualTo("1000000");
        assertThat(server.sql("shop_check", "SELECT (SELECT count(*) * 3 FROM orders) = (SELECT count(*) FROM order_lines)"))
                .isEqualTo("t");
        assertThat(Long.parseLong(server.sql("shop_check", "SELECT count(*) FROM orders"))).isGreaterThan(100000);
        server.sql("postgres", "DROP DATABASE shop_check");
    }

    private void assertPreviousDumpsIntact(TreeListing before, String date) throws Exception {
        SnapshotStore store = SnapshotStore.at(store());
        assertThat(store.find(SnapshotName.parse(date))).as("the previous snapshot is still there").isPresent();
        assertThat(TreeListing.of(store().resolve(date)).differences(before)).isEmpty();
        assertThat(Verifier.verify(snapshotOf(date)).ok()).isTrue();
        assertThat(store().resolve(date + "/dumps/haas/haas.dump")).isNotEmptyFile();
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 60 s");
            }
            Thread.sleep(50);
        }
    }
}
