package io.kaizen.backup.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What is read from findmnt and lvs, and what is passed to lvcreate and mount. */
class LvmReportsTest {
    @Test
    void findmntPairsAreUnquotedAndTheirEscapedBytesDecoded() {
        assertThat(LvmCommands.pairs("SOURCE=\"/dev/mapper/vg0-data\" TARGET=\"/srv/my\\x20data\" FSTYPE=\"ext4\""))
                .isEqualTo(Map.of("SOURCE", "/dev/mapper/vg0-data", "TARGET", "/srv/my data", "FSTYPE", "ext4"));
        assertThat(LvmCommands.pairs("TARGET=\"/srv/caf\\xc3\\xa9\"")).containsEntry("TARGET", "/srv/café");
    }

    @Test
    void lvsPairsWithoutQuotesAreRead() {
        assertThat(LvmCommands.pairs("  LVM2_VG_NAME=vg0 LVM2_LV_NAME=data LVM2_LV_ATTR=-wi-ao----"))
                .isEqualTo(Map.of("LVM2_VG_NAME", "vg0", "LVM2_LV_NAME", "data", "LVM2_LV_ATTR", "-wi-ao----"));
    }

    @Test
    void theSizeIsAShareOfTheOriginOrBytes() {
        assertThat(SnapshotSize.DEFAULT.lvcreateArguments()).containsExactly("-l", "20%ORIGIN");
        assertThat(SnapshotSize.bytes(4L << 30).lvcreateArguments()).containsExactly("-L", "4294967296b");
        for (long percent : List.of(0L, 101L)) {
            assertThatThrownBy(() -> SnapshotSize.percent(percent)).isInstanceOf(ConfigException.class)
                    .hasMessage("lvm-snapshot-size: must be 1 to 100 %, got " + percent + " %");
        }
        assertThatThrownBy(() -> SnapshotSize.bytes(0)).hasMessageStartingWith("lvm-snapshot-size: ");
    }

    @Test
    void snapshotsAreMountedReadOnlyWithoutReplayingJournals() {
        assertThat(LvmSnapshot.mountOptions("ext4")).isEqualTo("ro,noload");
        assertThat(LvmSnapshot.mountOptions("xfs")).isEqualTo("ro,nouuid,norecovery");
        assertThat(LvmSnapshot.mountOptions("btrfs")).isEqualTo("ro");
    }

    @Test
    void aSnapshotsNameCarriesTheTagOfTheRunThatMadeIt() {
        assertThat(LvmSnapshot.runTag("kaizen-snap-4242-1796376372560-3")).isEqualTo("4242-1796376372560");
    }
}
