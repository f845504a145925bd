package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kaizen.backup.testing.Commands;
import io.kaizen.backup.testing.MariaDbServer;
import io.kaizen.backup.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database sources end to end through {@code kaizen.jar}: a snapshot of a real server, the restore commands
 * printed by {@code kaizen restore --db}, and the same restore applied into a fresh server whose row counts and
 * checksums must equal the original's.
 */
class DatabaseRestoreIT {
    private static final String DATE = "2026-11-24";

    @TempDir
    Path tmp;

    /** Runs kaizen in-process, at 02:30 UTC on {@link #DATE}. */
    private static KaizenProcess.Result kaizen(String... args) {
        return InProcess.run(InProcess.at(LocalDate.parse(DATE)), args);
    }

    private Path store() {
        return tmp.resolve("store");
    }

    @Test
    void aPostgresqlDumpRestoresIntoAFreshServerWithTheSameRowsAndRoles() throws Exception {
        assumeTrue(Commands.isRoot(), "the PostgreSQL fixture needs root");
        try (PostgresServer origin = PostgresServer.start(); PostgresServer fresh = PostgresServer.start()) {
            origin.sql("postgres", "CREATE ROLE haas_owner LOGIN");
            origin.sql("postgres", "CREATE DATABASE haas OWNER haas_owner");
            origin.sql("haas", """
                    CREATE TABLE nodes (id serial PRIMARY KEY, name text NOT NULL, project text, created timestamptz);
                    INSERT INTO nodes (name, project, created) SELECT 'node-' || g, 'p' || (g % 11),
                        timestamptz '2026-01-01' + g * interval '1 minute' FROM generate_series(1, 20000) g;
                    CREATE TABLE projects (name text PRIMARY KEY, quota int);
                    INSERT INTO projects SELECT 'p' || g, g * 3 FROM generate_series(0, 10) g;
                    ALTER TABLE nodes OWNER TO haas_owner;
                    CREATE VIEW busy AS SELECT project, count(*) FROM nodes GROUP BY project;
                    """);
            Path config = Files.writeString(tmp.resolve("node.yaml"), """
                    store: %s
                    sources:
                      - postgresql: {name: haas, host: %s, port: %d, os-user: postgres, databases: [haas], bin-dir: %s}
                    """.formatted(store(), origin.socketDir(), origin.port(), PostgresServer.BIN));

            KaizenProcess.Result snapshot = kaizen("snapshot", "--config", config.toString(), "--date", DATE);
            assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
            assertThat(snapshot.stdout()).contains("postgresql haas: ok");

            KaizenProcess.Result printed = kaizen("restore", "--config", config.toString(), "--db", "haas",
                    "--snapshot", DATE, "--db-host", fresh.socketDir().toString(), "--db-port", Integer.toString(fresh.port()));
            assertThat(printed.exitCode()).as(printed.toString()).isZero();
            Path dumps = store().resolve(DATE).resolve("dumps/haas");
            assertThat(printed.stdout().lines().filter(l -> !l.startsWith("#")).toList()).containsExactly(
                    "runuser -u postgres -- " + PostgresServer.BIN.resolve("psql") + " -X -q -h " + fresh.socketDir()
                            + " -p " + fresh.port() + " -w -d postgres < " + dumps.resolve("globals.sql"),
                    "runuser -u postgres -- " + PostgresServer.BIN.resolve("pg_restore") + " -Fc --create --exit-on-error -h "
                            + fresh.socketDir() + " -p " + fresh.port() + " -w -d postgres < " + dumps.resolve("haas.dump"));
            assertThat(fresh.sql("postgres", "SELECT count(*) FROM pg_database WHERE datname = 'haas'"))
                    .as("printing changes nothing").isEqualTo("0");

            KaizenProcess.Result applied = kaizen("restore", "--config", config.toString(), "--db", "haas",
                    "--snapshot", DATE, "--db-host", fresh.socketDir().toString(), "--db-port", Integer.toString(fresh.port()),
                    "--apply");
            assertThat(applied.exitCode()).as(applied.toString()).isZero();
            assertThat(applied.stdout()).contains("restored postgresql haas from snapshot " + DATE);

            for (String query : List.of("SELECT count(*) FROM nodes", "SELECT count(*) FROM projects",
                    "SELECT md5(string_agg(n::text, ',' ORDER BY id)) FROM nodes n",
                    "SELECT md5(string_agg(p::text, ',' ORDER BY name)) FROM projects p",
                    "SELECT tableowner FROM pg_tables WHERE tablename = 'nodes'",
                    "SELECT sum(count) FROM busy")) {
                assertThat(fresh.sql("haas", query)).as(query).isEqualTo(origin.sql("haas", query));
            }
            assertThat(fresh.sql("haas", "SELECT count(*) FROM nodes")).isEqualTo("20000");

            KaizenProcess.Result again = kaizen("restore", "--config", config.toString(), "--db", "haas",
                    "--snapshot", DATE, "--db-host", fresh.socketDir().toString(), "--db-port", Integer.toString(fresh.port()),
                    "--apply");
            assertThat(again.exitCode()).as("an existing database is never overwritten").isEqualTo(1);
            assertThat(again.stderr()).contains("pg_restore --create").contains("already exists");

            origin.stop();
            KaizenProcess.Result down = kaizen("snapshot", "--config", config.toString(), "--date", "2026-11-25");
            assertThat(down.exitCode()).as(down.toString()).isEqualTo(1);
            assertThat(down.stderr()).contains("error: postgresql haas:").contains("FAILED");
            assertThat(dumps.resolve("haas.dump")).as("the previous dump is intact").isNotEmptyFile();
        }
    }

    @Test
    void aMariadbDumpRestoresIntoAFreshServerWithTheSameRowsAndRoutines() throws Exception {
        assumeTrue(Commands.isRoot(), "the MariaDB fixture needs root");
        try (MariaDbServer origin = MariaDbServer.start(); MariaDbServer fresh = MariaDbServer.start()) {
            origin.sql("""
                    CREATE USER kaizen@localhost IDENTIFIED BY 'dump-password';
                    GRANT SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT, PROCESS, RELOAD, SHOW DATABASES ON *.* TO kaizen@localhost;
                    CREATE DATABASE nova;
                    USE nova;
                    CREATE TABLE instances (id INT PRIMARY KEY, hostname VARCHAR(64), vcpus INT, note TEXT) ENGINE=InnoDB;
                    INSERT INTO instances SELECT seq, CONCAT('vm-', seq), seq % 8, REPEAT('n', seq % 50) FROM seq_1_to_20000;
                    CREATE DATABASE keystone;
                    CREATE TABLE keystone.users (id INT PRIMARY KEY, name VARCHAR(64)) ENGINE=InnoDB;
                    INSERT INTO keystone.users VALUES (1, 'admin'), (2, 'nova');
                    CREATE PROCEDURE keystone.count_users() SELECT COUNT(*) FROM keystone.users;
                    """);
            Path myCnf = origin.defaultsFile(tmp.resolve("my.cnf"), "kaizen", "dump-password");
            Path config = Files.writeString(tmp.resolve("node.yaml"), """
                    store: %s
                    sources:
                      - mysql: {name: openstack, defaults-file: %s}
                    """.formatted(store(), myCnf));

            KaizenProcess.Result snapshot = kaizen("snapshot", "--config", config.toString(), "--date", DATE);
            assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
            assertThat(Files.readString(store().resolve(DATE).resolve(".kaizen/manifest.json")))
                    .contains("\"path\" : \"dumps/openstack/all-databases.sql\"").contains("\"keystone\"");

            Path freshCnf = fresh.defaultsFile(tmp.resolve("fresh.cnf"), "root", null);
            KaizenProcess.Result printed = kaizen("restore", "--config", config.toString(), "--db", "openstack",
                    "--snapshot", DATE, "--defaults-file", freshCnf.toString());
            assertThat(printed.stdout().lines().filter(l -> !l.startsWith("#")).toList()).containsExactly(
                    "mysql --defaults-file=" + freshCnf + " < " + store().resolve(DATE).resolve("dumps/openstack/all-databases.sql"));

            KaizenProcess.Result applied = kaizen("restore", "--config", config.toString(), "--db", "openstack",
                    "--snapshot", DATE, "--defaults-file", freshCnf.toString(), "--apply");
            assertThat(applied.exitCode()).as(applied.toString()).isZero();

            for (String query : List.of("SELECT COUNT(*) FROM nova.instances", "SELECT COUNT(*) FROM keystone.users",
                    "CHECKSUM TABLE nova.instances EXTENDED", "CHECKSUM TABLE keystone.users EXTENDED",
                    "SELECT COUNT(*) FROM information_schema.routines WHERE routine_name = 'count_users'")) {
                assertThat(fresh.sql(query)).as(query).isEqualTo(origin.sql(query));
            }
            assertThat(fresh.sql("SELECT COUNT(*) FROM nova.instances")).isEqualTo("20000");
        }
    }
}
