package io.kaizen.backup.transfer.rsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.transfer.TransferRequest;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RsyncCommandTest {
    @Test
    void aSnapshotIsArchiveHardLinksDeleteNumericIdsRelativeWithLinkDestsAndFilters() {
        TransferRequest request = new TransferRequest(Path.of("/var/lib/nova"), Path.of("/backups/2026-11-25.partial"),
                List.of(Path.of("/backups/2026-11-24"), Path.of("/backups/2026-11-20")),
                FilterRules.parse(List.of("instances/", "+ keep/", "/var/lib/nova/cache/")), false);
        assertThat(RsyncCommand.snapshot(request)).containsExactly(
                "rsync", "-aH", "--delete", "--numeric-ids", "--relative",
                "--link-dest=/backups/2026-11-24", "--link-dest=/backups/2026-11-20",
                "--filter=- instances/", "--filter=+ keep/", "--filter=- /var/lib/nova/cache/",
                "--", "/var/lib/nova", "/backups/2026-11-25.partial/");
    }

    @Test
    void aFirstSnapshotHasNoLinkDest() {
        TransferRequest request = new TransferRequest(Path.of("/etc"), Path.of("/b/2026-11-25.partial"), List.of(),
                FilterRules.NONE, false);
        assertThat(RsyncCommand.snapshot(request))
                .containsExactly("rsync", "-aH", "--delete", "--numeric-ids", "--relative", "--", "/etc",
                        "/b/2026-11-25.partial/");
    }

    @Test
    void atMostTwentyLinkDestsArePassed() {
        List<Path> many = Collections.nCopies(25, Path.of("/b/2026-01-01"));
        TransferRequest request = new TransferRequest(Path.of("/etc"), Path.of("/b/x.partial"), many, FilterRules.NONE, false);
        assertThat(RsyncCommand.snapshot(request)).filteredOn(a -> a.startsWith("--link-dest=")).hasSize(20);
    }

    @Test
    void checksumAddsRsyncsChecksumOption() {
        TransferRequest request = new TransferRequest(Path.of("/etc"), Path.of("/b/x.partial"), List.of(),
                FilterRules.NONE, true);
        assertThat(RsyncCommand.snapshot(request)).contains("--checksum");
    }

    @Test
    void aRestoreUsesTheDotMarkerSoThePathKeepsItsAbsoluteName() {
        assertThat(RsyncCommand.restore(Path.of("/backups/2026-11-24"), Path.of("/etc/nova"), Path.of("/tmp/r"), false))
                .containsExactly("rsync", "-aH", "--numeric-ids", "--relative", "--",
                        "/backups/2026-11-24/./etc/nova", "/tmp/r/");
        assertThat(RsyncCommand.restore(Path.of("/b/d"), Path.of("/etc"), Path.of("/t"), true))
                .contains("--dry-run", "--itemize-changes");
    }

    @Test
    void theChangedFilesListingIsADryRunOfTheSameTransferWithAMinimumSize() {
        TransferRequest request = new TransferRequest(Path.of("/var/lib/libvirt/images"), Path.of("/b/x.partial"),
                List.of(Path.of("/b/2026-11-24")), FilterRules.parse(List.of("*.iso")), false);
        assertThat(RsyncCommand.changedFiles(request, 8 << 20)).containsExactly("rsync", "-aH", "--numeric-ids",
                "--relative", "--dry-run", "--min-size=8388608", "--out-format=%i %n", "--link-dest=/b/2026-11-24",
                "--filter=- *.iso", "--", "/var/lib/libvirt/images", "/b/x.partial/");
    }
}
