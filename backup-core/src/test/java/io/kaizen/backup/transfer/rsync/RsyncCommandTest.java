package io.kaizen.backup.transfer.rsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.transfer.TransferRequest;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RsyncCommandTest {
    @Test
    void aSnapshotIsRootedAtTheSourceWithLinkDestsAndFiltersRewrittenForThatRoot() {
        TransferRequest request = new TransferRequest(Path.of("/var/lib/nova"), Path.of("/backups/2026-11-25.partial"),
                List.of(Path.of("/backups/2026-11-24"), Path.of("/backups/2026-11-20")),
                FilterRules.parse(List.of("instances/", "+ keep/", "/var/lib/nova/cache/", "/etc/x")), false);
        assertThat(RsyncCommand.snapshot(request, true).argv()).containsExactly(
                "rsync", "-aHAX", "--delete", "--numeric-ids",
                "--link-dest=/backups/2026-11-24/var/lib/nova/", "--link-dest=/backups/2026-11-20/var/lib/nova/",
                "--filter=- instances/", "--filter=+ keep/", "--filter=- /cache/",
                "--", "/var/lib/nova/", "/backups/2026-11-25.partial/var/lib/nova/");
    }

    @Test
    void anItemizedSnapshotPrintsEachEntryItMakesWithTheOptionsBeforeThePaths() {
        TransferRequest request = new TransferRequest(Path.of("/srv"), Path.of("/b/2026-11-25.partial"),
                List.of(Path.of("/b/2026-11-24")), FilterRules.NONE, false);
        RsyncCommand.Snapshot itemized = RsyncCommand.snapshot(request, true).itemized();
        assertThat(itemized.argv()).containsExactly(
                "rsync", "-aHAX", "--delete", "--numeric-ids", "--link-dest=/b/2026-11-24/srv/",
                "--info=name2", "--out-format=%i %l %n\u0001%L", "--", "/srv/", "/b/2026-11-25.partial/srv/");
        assertThat(itemized.rootedAtSource()).isTrue();
    }

    @Test
    void aSourceThatIsNoDirectoryIsCopiedIntoItsParent() {
        TransferRequest request = new TransferRequest(Path.of("/etc/fstab"), Path.of("/b/2026-11-25.partial"),
                List.of(Path.of("/b/2026-11-24")), FilterRules.NONE, false);
        assertThat(RsyncCommand.snapshot(request, false).argv()).containsExactly(
                "rsync", "-aHAX", "--delete", "--numeric-ids", "--link-dest=/b/2026-11-24/etc/",
                "--", "/etc/fstab", "/b/2026-11-25.partial/etc/");
    }

    @Test
    void rulesWithNoExactRewriteKeepTheRelativeForm() {
        TransferRequest request = new TransferRequest(Path.of("/var/lib/nova"), Path.of("/b/2026-11-25.partial"),
                List.of(Path.of("/b/2026-11-24")), FilterRules.parse(List.of("/var/**/cache/")), false);
        assertThat(RsyncCommand.snapshot(request, true).argv()).containsExactly(
                "rsync", "-aHAX", "--delete", "--numeric-ids", "--relative", "--link-dest=/b/2026-11-24/",
                "--filter=- /var/**/cache/", "--", "/var/lib/nova", "/b/2026-11-25.partial/");
    }

    @Test
    void aRequestReadingFromASnapshotMountRootsTheTransferAtTheMountedCopyAndStoresUnderTheSourcesPath() {
        TransferRequest request = new TransferRequest(Path.of("/var/lib/mysql/data"), Path.of("/b/2026-11-25.partial"),
                List.of(Path.of("/b/2026-11-24")), FilterRules.parse(List.of("*.tmp")), false)
                .readingFrom(Path.of("/run/kaizen/lvm/kaizen-snap-1-2-1/data"));
        assertThat(RsyncCommand.snapshot(request, true).argv()).containsExactly(
                "rsync", "-aHAX", "--delete", "--numeric-ids", "--link-dest=/b/2026-11-24/var/lib/mysql/data/",
                "--filter=- *.tmp", "--", "/run/kaizen/lvm/kaizen-snap-1-2-1/data/",
                "/b/2026-11-25.partial/var/lib/mysql/data/");
        TransferRequest file = new TransferRequest(Path.of("/srv/vm/disk.img"), Path.of("/b/2026-11-25.partial"),
                List.of(), FilterRules.NONE, false).readingFrom(Path.of("/run/kaizen/lvm/kaizen-snap-1-2-2/disk.img"));
        assertThat(RsyncCommand.snapshot(file, false).argv()).endsWith(
                "--", "/run/kaizen/lvm/kaizen-snap-1-2-2/disk.img", "/b/2026-11-25.partial/srv/vm/");
    }

    @Test
    void aRequestReadingElsewhereWithRulesThatHaveNoRootedFormIsRefused() {
        TransferRequest request = new TransferRequest(Path.of("/var/lib/nova"), Path.of("/b/2026-11-25.partial"),
                List.of(), FilterRules.parse(List.of("/var/**/cache/")), false)
                .readingFrom(Path.of("/run/kaizen/lvm/kaizen-snap-1-2-1/nova"));
        assertThatThrownBy(() -> RsyncCommand.snapshot(request, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be applied to a copy read from /run/kaizen/lvm/kaizen-snap-1-2-1/nova");
    }

    @Test
    void aFirstSnapshotHasNoLinkDest() {
        TransferRequest request = new TransferRequest(Path.of("/etc"), Path.of("/b/2026-11-25.partial"), List.of(),
                FilterRules.NONE, false);
        assertThat(RsyncCommand.snapshot(request, true).argv())
                .containsExactly("rsync", "-aHAX", "--delete", "--numeric-ids", "--", "/etc/",
                        "/b/2026-11-25.partial/etc/");
    }

    @Test
    void atMostTwentyLinkDestsArePassed() {
        List<Path> many = Collections.nCopies(25, Path.of("/b/2026-01-01"));
        TransferRequest request = new TransferRequest(Path.of("/etc"), Path.of("/b/x.partial"), many, FilterRules.NONE, false);
        assertThat(RsyncCommand.snapshot(request, true).argv()).filteredOn(a -> a.startsWith("--link-dest=")).hasSize(20);
    }

    @Test
    void checksumAddsRsyncsChecksumOption() {
        TransferRequest request = new TransferRequest(Path.of("/etc"), Path.of("/b/x.partial"), List.of(),
                FilterRules.NONE, true);
        assertThat(RsyncCommand.snapshot(request, true).argv()).contains("--checksum");
    }

    @Test
    void aRestoreCopiesTheListedPathsKeepingTheirNamesAndKeepsNewerFilesUnlessForced() {
        assertThat(RsyncCommand.restore(Path.of("/backups/2026-11-24"), Path.of("/tmp/list"), Path.of("/tmp/r"),
                Optional.of(Path.of("/tmp/.kaizen-restore-1")), false, true))
                .containsExactly("rsync", "-aHAX", "--recursive", "--numeric-ids", "--mkpath", "--files-from=/tmp/list",
                        "--from0", "--itemize-changes", "--filter=- /.kaizen/", "--temp-dir=/tmp/.kaizen-restore-1",
                        "--update", "--info=skip1", "--", "/backups/2026-11-24/", "/tmp/r/");
        assertThat(RsyncCommand.restore(Path.of("/b/d"), Path.of("/l"), Path.of("/t"), Optional.empty(), true, false))
                .contains("--dry-run").doesNotContain("--update").noneMatch(a -> a.startsWith("--temp-dir"));
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
