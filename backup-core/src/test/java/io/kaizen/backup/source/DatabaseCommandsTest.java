package io.kaizen.backup.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client command lines of the database sources: what runs, as whom, and that no secret is on them. */
class DatabaseCommandsTest {
    private static final PostgresqlSource HAAS = new PostgresqlSource("haas", "/var/run/postgresql", 5432, "postgres",
            null, null, List.of("haas"), Path.of("/usr/lib/postgresql/15/bin"), Duration.ofHours(2));

    @Test
    void pgDumpRunsAsTheOsUserInTheCustomFormatNeverPrompting() {
        List<String> argv = HAAS.commands().dumpDatabase("haas");
        List<String> expectedTail = List.of("/usr/lib/postgresql/15/bin/pg_dump", "-Fc", "-h", "/var/run/postgresql",
                "-p", "5432", "-w", "-d", "haas");
        if (RunAs.currentUser().equals("postgres")) {
            assertThat(argv).isEqualTo(expectedTail);
        } else {
            assertThat(argv.subList(0, 4)).containsExactly("runuser", "-u", "postgres", "--");
            assertThat(argv.subList(4, argv.size())).isEqualTo(expectedTail);
        }
        assertThat(HAAS.commands().dumpGlobals()).contains("/usr/lib/postgresql/15/bin/pg_dumpall", "--globals-only", "-w");
    }

    @Test
    void aPasswordIsOnlyEverInAPassfileNamedInTheEnvironment() {
        PostgresqlSource tcp = new PostgresqlSource("haas", "db.example", null, null, "kaizen", Path.of("/etc/kaizen/pgpass"),
                List.of(), null, null);
        assertThat(tcp.commands().dumpDatabase("haas")).containsExactly("pg_dump", "-Fc", "-h", "db.example", "-U", "kaizen",
                "-w", "-d", "haas");
        assertThat(tcp.commands().environment()).containsEntry("PGPASSFILE", "/etc/kaizen/pgpass");
    }

    @Test
    void databaseNamesThatLookLikeConnectionStringsAreQuoted() {
        assertThat(PostgresqlCommands.connectionStringFor("haas")).isEqualTo("haas");
        assertThat(PostgresqlCommands.connectionStringFor("a=b")).isEqualTo("dbname='a=b'");
        assertThat(PostgresqlCommands.connectionStringFor("it's")).isEqualTo("dbname='it\\'s'");
        assertThat(PostgresqlCommands.connectionStringFor("postgresql://evil")).isEqualTo("dbname='postgresql://evil'");
    }

    @Test
    void restoreCommandsReadTheDumpFromStdinAndCreateTheDatabase() {
        assertThat(HAAS.commands().restoreDatabase("/tmp/other", 24001)).endsWith("/usr/lib/postgresql/15/bin/pg_restore",
                "-Fc", "--create", "--exit-on-error", "-h", "/tmp/other", "-p", "24001", "-w", "-d", "postgres");
        assertThat(HAAS.commands().restoreGlobals(null, null)).endsWith("/usr/lib/postgresql/15/bin/psql", "-X", "-q",
                "-w", "-d", "postgres");
    }

    @Test
    void mysqldumpTakesCredentialsFromTheDefaultsFileOnlyAndOneConsistentSnapshot() {
        MysqlSource all = new MysqlSource("openstack", Path.of("/etc/kaizen/my.cnf"), List.of(), null);
        assertThat(all.commands().dump()).containsExactly("mysqldump", "--defaults-file=/etc/kaizen/my.cnf",
                "--single-transaction", "--routines", "--events", "--all-databases", "--flush-privileges");
        assertThat(all.fileName()).isEqualTo("all-databases.sql");
        MysqlSource some = new MysqlSource("openstack", null, List.of("nova", "-odd"), null);
        assertThat(some.commands().dump()).containsExactly("mysqldump", "--single-transaction", "--routines", "--events",
                "--databases", "--", "nova", "-odd");
        assertThat(some.fileName()).isEqualTo("databases.sql");
        assertThat(all.commands().restore(Path.of("/root/other.cnf"))).containsExactly("mysql",
                "--defaults-file=/root/other.cnf");
    }

    @Test
    void databaseNamesBecomeSafeFileNames() {
        assertThat(PostgresqlSource.archiveName("haas")).isEqualTo("haas.dump");
        assertThat(PostgresqlSource.archiveName("../etc/x")).isEqualTo("%2E%2E%2Fetc%2Fx.dump");
        assertThat(PostgresqlSource.archiveName(".hidden")).isEqualTo("%2Ehidden.dump");
    }

    @Test
    void thePgRestoreListingHeaderIsRead() {
        String listing = ";\n; Archive created at 2026-11-25 12:17:24 UTC\n;     dbname: haas\n;     TOC Entries: 5\n"
                + ";     Dumped from database version: 15.18 (Debian 15.18-0+deb12u1)\n"
                + ";     Dumped by pg_dump version: 15.18 (Debian 15.18-0+deb12u1)\n;\n; Selected TOC Entries:\n"
                + ";\n3; 2615 2200 SCHEMA - public pg_database_owner\n";
        assertThat(PostgresqlSource.header(listing, "dbname")).contains("haas");
        assertThat(PostgresqlSource.header(listing, "Dumped from database version")).contains("15.18 (Debian 15.18-0+deb12u1)");
        assertThat(PostgresqlSource.header(listing, "Dumped by pg_dump version")).contains("15.18 (Debian 15.18-0+deb12u1)");
        assertThat(PostgresqlSource.header(listing, "nope")).isEmpty();
    }
}
