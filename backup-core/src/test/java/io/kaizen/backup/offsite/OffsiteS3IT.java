package io.kaizen.backup.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.offsite.target.S3Target;
import io.kaizen.backup.testing.S3Server;
import io.kaizen.backup.testing.S3Server.Kind;
import io.kaizen.backup.testing.S3Server.Received;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.testing.TreeListing;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 3 on a real S3 server: every request the server receives while {@code replicate} runs is counted, and
 * none deletes or replaces an object; only the offsite prune deletes.
 */
class OffsiteS3IT {
    @RegisterExtension
    static final S3Server S3 = new S3Server();

    @Test
    void replicateNeverDeletesNorOverwritesAndWhatItWroteRestoresExactly(@TempDir Path tmp) throws Exception {
        OffsiteFixture fixture = new OffsiteFixture(tmp);
        Path source = tmp.resolve("src");
        TreeBuilder.at(source).file("etc/nova/nova.conf", "[DEFAULT]\ndebug = false\n")
                .file("var/lib/images/disk.img", "x".repeat(3 << 20));
        fixture.snapshot("node-a", "2026-11-20", source);
        fixture.snapshot("node-b", "2026-11-20", source);
        S3Target target = S3Target.open(S3.location("moc/", S3.credentialsFile(tmp.resolve("s3-credentials"))));
        OffsiteCatalog.init(target, fixture.keyFile, Optional.empty());
        OffsiteKeys keys = OffsiteKeys.load(fixture.keyFile);

        S3.clear();
        ReplicateReport first = Replicator.run(target, keys, fixture.collectorStore, Clock.systemUTC(), ReplicateListener.NONE);
        TreeBuilder.at(source).file("etc/nova/nova.conf", "[DEFAULT]\ndebug = true\n");
        fixture.snapshot("node-a", "2026-11-21", source);
        ReplicateReport second = Replicator.run(target, keys, fixture.collectorStore, Clock.systemUTC(), ReplicateListener.NONE);
        ReplicateReport third = Replicator.run(target, keys, fixture.collectorStore, Clock.systemUTC(), ReplicateListener.NONE);
        List<Received> duringReplicate = S3.received();

        assertThat(first.sent()).containsExactly("node-a/2026-11-20", "node-b/2026-11-20");
        assertThat(second.sent()).containsExactly("node-a/2026-11-21");
        assertThat(third.sent()).isEmpty();
        assertThat(duringReplicate).as("three replicates' requests").isNotEmpty()
                .noneMatch(r -> r.kind() == Kind.DELETE)
                .noneMatch(r -> r.kind() == Kind.OTHER)
                .noneMatch(Received::replaced);
        assertThat(duringReplicate).filteredOn(r -> r.kind() == Kind.PUT_OBJECT).hasSize((int) (first.objectsWritten()
                + second.objectsWritten() + third.objectsWritten()));

        Path restored = tmp.resolve("restored");
        OffsiteRestorer.restore(target, keys, new OffsiteRestorer.Request("node-a", "2026-11-21", Path.of("/"), restored));
        assertThat(TreeListing.of(restored).differences(TreeListing.of(fixture.collectorStore.resolve("node-a/2026-11-21"))))
                .isEmpty();

        S3.clear();
        OffsitePruner.Result pruned = OffsitePruner.prune(target, keys,
                new OffsitePruner.Request(1, false, LocalDate.parse("2026-11-22")));
        assertThat(pruned.removed()).as("node-a's older day; node-b keeps its only (newest) snapshot")
                .containsExactly("node-a/2026-11-20");
        assertThat(S3.count(Kind.DELETE)).as("the prune, unlike replicate, deletes").isPositive();
    }
}
