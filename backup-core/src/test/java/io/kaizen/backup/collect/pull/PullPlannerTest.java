package io.kaizen.backup.collect.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.collect.pull.PullAction.Kind;
import io.kaizen.backup.collect.pull.PullPlanner.PreviousFile;
import io.kaizen.backup.fs.Xattrs;
import io.kaizen.backup.remote.agent.RemoteEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PullPlannerTest {
    private static final int MODE = 0644;
    private static final long MTIME = 1_700_000_000L;
    private static final int NANOS = 123_000_000;
    private static final PullOptions ROOT = new PullOptions(1000, true, false);
    private static final PullOptions USER = new PullOptions(1000, false, false);

    private static SpoolRecord file(byte decision, long size) {
        return file(decision, size, MODE);
    }

    private static SpoolRecord file(byte decision, long size, int mode) {
        RemoteEntry entry = new RemoteEntry(RemoteEntry.Type.FILE, "etc/nova/nova.conf".getBytes(StandardCharsets.UTF_8),
                mode, 64, 65, MTIME, NANOS, size, null, null, 0);
        return new SpoolRecord(entry, decision, new byte[32]);
    }

    private static PreviousFile previous(int mode, int uid, int gid, long size, Instant mtime) {
        return new PreviousFile(0100000 | mode, uid, gid, size, mtime, Xattrs.NONE);
    }

    private static Xattrs xattrs(String... namesAndValues) {
        TreeMap<String, byte[]> values = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(namesAndValues[i], namesAndValues[i + 1].getBytes(StandardCharsets.US_ASCII));
        }
        return new Xattrs(values);
    }

    private static SpoolRecord unchanged(Xattrs xattrs) {
        RemoteEntry entry = new RemoteEntry(RemoteEntry.Type.FILE, "usr/bin/ping".getBytes(StandardCharsets.UTF_8),
                MODE, 64, 65, MTIME, NANOS, 10, null, null, 0, xattrs);
        return new SpoolRecord(entry, PullListing.SAME_AS_PREVIOUS, new byte[32]);
    }

    private static PreviousFile sameWith(Xattrs live) {
        return new PreviousFile(0100000 | MODE, 64, 65, 10, Instant.ofEpochSecond(MTIME, NANOS), live);
    }

    private static PreviousFile same(long size) {
        return previous(MODE, 64, 65, size, Instant.ofEpochSecond(MTIME, NANOS));
    }

    @Test
    void entriesThatAreNotFileContentKeepTheListingsDecision() {
        assertThat(PullPlanner.decide(file(PullListing.DIRECTORY, 0), null, ROOT)).isEqualTo(Kind.DIRECTORY);
        assertThat(PullPlanner.decide(file(PullListing.SYMLINK, 0), null, ROOT)).isEqualTo(Kind.SYMLINK);
        assertThat(PullPlanner.decide(file(PullListing.OTHER, 0), null, ROOT)).isEqualTo(Kind.OTHER);
        assertThat(PullPlanner.decide(file(PullListing.HARDLINK, 10), same(10), ROOT)).isEqualTo(Kind.HARDLINK);
    }

    @Test
    void aNewFileIsFetchedWhateverThePreviousSnapshotHolds() {
        assertThat(PullPlanner.decide(file(PullListing.NEW, 10), same(10), USER)).isEqualTo(Kind.FETCH);
        assertThat(PullPlanner.decide(file(PullListing.NEW, 10), null, USER)).isEqualTo(Kind.FETCH);
    }

    @Test
    void anUnchangedFileWithTheSameAttributesIsLinkedToThePreviousCopy() {
        assertThat(PullPlanner.decide(file(PullListing.SAME_AS_PREVIOUS, 10), same(10), ROOT))
                .isEqualTo(Kind.LINK_PREVIOUS);
    }

    @Test
    void anUnchangedFileWithOtherAttributesIsCopiedLocally() {
        SpoolRecord record = file(PullListing.SAME_AS_PREVIOUS, 10);
        Instant mtime = Instant.ofEpochSecond(MTIME, NANOS);
        assertThat(PullPlanner.decide(record, previous(0600, 64, 65, 10, mtime), USER)).isEqualTo(Kind.COPY_PREVIOUS);
        assertThat(PullPlanner.decide(record, previous(MODE, 64, 65, 10, mtime.plusNanos(1)), USER))
                .isEqualTo(Kind.COPY_PREVIOUS);
    }

    @Test
    void anUnchangedFileIsLinkedOnlyIfItsLiveExtendedAttributesAreEqualToo() {
        Xattrs acl = xattrs(Xattrs.ACCESS_ACL, "acl-1", "user.origin", "node");
        assertThat(PullPlanner.decide(unchanged(acl), sameWith(acl), ROOT)).isEqualTo(Kind.LINK_PREVIOUS);
        assertThat(PullPlanner.decide(unchanged(acl), sameWith(xattrs(Xattrs.ACCESS_ACL, "acl-2", "user.origin",
                "node")), ROOT)).as("another ACL").isEqualTo(Kind.COPY_PREVIOUS);
        assertThat(PullPlanner.decide(unchanged(acl), sameWith(Xattrs.NONE), USER)).as("none before")
                .isEqualTo(Kind.COPY_PREVIOUS);
    }

    @Test
    void recordedAttributesDoNotStopALinkButLiveOnesDoWhenDevicesArePreserved() {
        Xattrs capability = xattrs("security.capability", "cap", "user.a", "1");
        Xattrs userOnly = xattrs("user.a", "1");
        assertThat(PullPlanner.decide(unchanged(capability), sameWith(userOnly), ROOT))
                .as("the capability is recorded per snapshot, not on the inode").isEqualTo(Kind.LINK_PREVIOUS);
        PullOptions preserving = new PullOptions(1000, true, true);
        assertThat(PullPlanner.decide(unchanged(capability), sameWith(userOnly), preserving))
                .as("live when devices are preserved").isEqualTo(Kind.COPY_PREVIOUS);
        assertThat(PullPlanner.decide(unchanged(capability), sameWith(capability), preserving))
                .isEqualTo(Kind.LINK_PREVIOUS);
    }

    @Test
    void ownersCountOnlyForACollectorRunningAsRoot() {
        SpoolRecord record = file(PullListing.SAME_AS_PREVIOUS, 10);
        PreviousFile otherOwner = previous(MODE, 0, 0, 10, Instant.ofEpochSecond(MTIME, NANOS));
        assertThat(PullPlanner.decide(record, otherOwner, ROOT)).isEqualTo(Kind.COPY_PREVIOUS);
        assertThat(PullPlanner.decide(record, otherOwner, USER)).isEqualTo(Kind.LINK_PREVIOUS);
    }

    @Test
    void anUnchangedFileWhosePreviousCopyIsMissingOrOfAnotherSizeIsFetched() {
        assertThat(PullPlanner.decide(file(PullListing.SAME_AS_PREVIOUS, 10), null, ROOT)).isEqualTo(Kind.FETCH);
        assertThat(PullPlanner.decide(file(PullListing.SAME_AS_PREVIOUS, 10), same(11), ROOT)).isEqualTo(Kind.FETCH);
    }

    @Test
    void aChangedFileIsRebuiltByDeltaOnlyFromANonEmptyPreviousCopyIntoANonEmptyFile() {
        assertThat(PullPlanner.decide(file(PullListing.CHANGED_FROM_PREVIOUS, 10), same(7), ROOT)).isEqualTo(Kind.DELTA);
        assertThat(PullPlanner.decide(file(PullListing.CHANGED_FROM_PREVIOUS, 10), null, ROOT)).isEqualTo(Kind.FETCH);
        assertThat(PullPlanner.decide(file(PullListing.CHANGED_FROM_PREVIOUS, 10), same(0), ROOT)).isEqualTo(Kind.FETCH);
        assertThat(PullPlanner.decide(file(PullListing.CHANGED_FROM_PREVIOUS, 0), same(7), ROOT)).isEqualTo(Kind.FETCH);
    }

    @Test
    void aSetIdFileIsLinkedToAPreviousCopyWithoutItsSetIdBitsUnlessDevicesArePreserved() {
        SpoolRecord setuid = file(PullListing.SAME_AS_PREVIOUS, 10, 04000 | MODE);
        assertThat(PullPlanner.decide(setuid, same(10), ROOT)).isEqualTo(Kind.LINK_PREVIOUS);
        assertThat(PullPlanner.decide(setuid, same(10), new PullOptions(1000, true, true))).isEqualTo(Kind.COPY_PREVIOUS);
    }
}
