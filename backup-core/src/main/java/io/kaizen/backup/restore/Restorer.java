package io.kaizen.backup.restore;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.transfer.rsync.RsyncCommand;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Copies a path out of a snapshot with rsync (attributes, symlinks and hard links preserved). */
public final class Restorer {
    private Restorer() {
    }

    /** Restores, or on a dry run lists what would change. Bad input is a {@link ConfigException}. */
    public static RestoreResult restore(RestoreRequest request) {
        SnapshotStore store = SnapshotStore.at(request.store());
        if (!store.exists()) {
            throw new ConfigException("no store at " + request.store());
        }
        Snapshot snapshot = select(store, request.snapshot());
        Path inside = request.path().getNameCount() == 0 ? snapshot.dir()
                : snapshot.dir().resolve(request.path().toString().substring(1));
        if (!Files.exists(inside, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConfigException(request.path() + " is not in snapshot " + snapshot.name() + " of "
                    + request.store());
        }
        if (Files.exists(request.target()) && !Files.isDirectory(request.target())) {
            throw new ConfigException("restore target " + request.target() + " is not a directory");
        }
        if (request.target().startsWith(store.root())) {
            throw new ConfigException("restore target " + request.target() + " is inside the store " + store.root());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChildProcess.Outcome outcome = ChildProcess.run(
                RsyncCommand.restore(snapshot.dir(), request.path(), request.target(), request.dryRun()), out);
        if (!outcome.succeeded()) {
            throw new KaizenException("restore of " + request.path() + " from " + snapshot.name() + " into "
                    + request.target() + " failed: rsync exited with " + outcome.exitCode() + ": " + outcome.lastError());
        }
        List<String> changes = Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(line -> !line.isBlank()).toList();
        return new RestoreResult(snapshot.name().toString(), inside,
                request.target().resolve(request.path().toString().substring(1)), request.dryRun(), changes);
    }

    static Snapshot select(SnapshotStore store, String selector) {
        if ("latest".equals(selector)) {
            List<Snapshot> all = store.snapshots();
            if (all.isEmpty()) {
                throw new ConfigException("store " + store.root() + " has no complete snapshot");
            }
            return all.get(all.size() - 1);
        }
        SnapshotName name = SnapshotName.parse(selector);
        return store.find(name).orElseThrow(() -> new ConfigException("no complete snapshot " + name + " in "
                + store.root() + " (see: kaizen list --dest " + store.root() + ")"));
    }
}
