package io.kaizen.backup.offsite;

import io.kaizen.backup.api.Backups;
import io.kaizen.backup.api.SnapshotSpec;
import io.kaizen.backup.offsite.target.DirectoryTarget;
import io.kaizen.backup.offsite.target.ObjectTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A collector store built by real snapshots ({@code DEST/NODE/DATE}, unchanged files hard-linked to the day
 * before, as {@code kaizen collect} leaves them), a directory target and a key file, for offsite tests.
 */
final class OffsiteFixture {
    final Path collectorStore;
    final Path repository;
    final Path keyFile;

    OffsiteFixture(Path tmp) {
        this.collectorStore = tmp.resolve("collector");
        this.repository = tmp.resolve("offsite");
        this.keyFile = tmp.resolve("offsite.keyset");
    }

    /** Takes node {@code node}'s snapshot of {@code source} dated {@code date} into the collector store. */
    void snapshot(String node, String date, Path source) {
        LocalDate day = LocalDate.parse(date);
        Backups.create(Clock.fixed(day.atTime(2, 30).toInstant(ZoneOffset.UTC), ZoneOffset.UTC), node)
                .snapshot(SnapshotSpec.builder(collectorStore.resolve(node)).path(source).date(day).build());
    }

    ObjectTarget target() {
        return new DirectoryTarget(repository);
    }

    OffsiteKeys init() {
        OffsiteCatalog.init(target(), keyFile, Optional.empty());
        return OffsiteKeys.load(keyFile);
    }

    /** When the fixture's replicates confirm snapshots. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T03:00:00Z"), ZoneOffset.UTC);

    ReplicateReport replicate(OffsiteKeys keys) {
        return Replicator.run(target(), keys, collectorStore, CLOCK, ReplicateListener.NONE);
    }

    /** The repository's objects (relative keys), sorted. */
    List<String> objects() {
        try (Stream<Path> files = Files.walk(repository)) {
            return files.filter(Files::isRegularFile).map(f -> repository.relativize(f).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
