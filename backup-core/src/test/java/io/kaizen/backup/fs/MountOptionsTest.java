package io.kaizen.backup.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountOptionsTest {
    private static final List<String> MOUNTINFO = List.of(
            "26 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw",
            "40 26 0:40 / /srv/backups rw,nosuid,nodev,noatime - xfs /dev/sdb1 rw",
            "41 40 0:41 / /srv/backups/old\\040disk rw,relatime - tmpfs tmpfs rw",
            "42 26 0:42 / /srv/backups-other rw - tmpfs tmpfs rw");

    @Test
    void theLongestMountPointAboveAPathGivesItsOptions() {
        MountOptions backups = MountOptions.of(Path.of("/srv/backups/node1"), MOUNTINFO).orElseThrow();
        assertThat(backups.mountPoint()).isEqualTo(Path.of("/srv/backups"));
        assertThat(backups.has("nodev", "nosuid")).isTrue();
        MountOptions root = MountOptions.of(Path.of("/srv/backups-other2"), MOUNTINFO).orElseThrow();
        assertThat(root.mountPoint()).as("a name sharing a prefix is not below the mount").isEqualTo(Path.of("/"));
        assertThat(root.has("nodev")).isFalse();
    }

    @Test
    void escapedSpacesInMountPointsAreRead() {
        MountOptions old = MountOptions.of(Path.of("/srv/backups/old disk/x"), MOUNTINFO).orElseThrow();
        assertThat(old.mountPoint()).isEqualTo(Path.of("/srv/backups/old disk"));
        assertThat(old.has("nosuid")).isFalse();
    }
}
