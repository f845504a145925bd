package io.kaizen.backup.source;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.fs.TreeRemoval;
import io.kaizen.backup.store.ReflinkStats;
import io.kaizen.backup.store.TreeRecords;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SourceResult;
import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.transfer.TransferRequest;
import io.kaizen.backup.transfer.TransferResult;
import io.kaizen.backup.transfer.reflink.ReflinkSeeder;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A directory (or file) on the node, mirrored under its absolute path, with its own filter rules. With
 * {@code reflink}, large changed files (VM images) become reflinked copies of their previous version with only
 * the changed blocks written, where the store's file system allows ({@link ReflinkSeeder}); the tree is the same.
 * An {@code optional} path that does not exist is skipped by the job (a role's path list names paths some nodes
 * lack); a missing path that is not optional is bad input.
 */
public record PathSource(Path path, FilterRules filters, boolean reflink, boolean optional) implements Source {
    public PathSource {
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("source path must be absolute: " + path);
        }
        path = path.normalize();
    }

    public PathSource(Path path, FilterRules filters) {
        this(path, filters, false, false);
    }

    @Override
    public String kind() {
        return "path";
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public SourceResult capture(CaptureContext context) {
        TransferRequest request = new TransferRequest(path, context.partial(), context.linkDests(),
                filters.then(context.globalFilters()), context.checksum(), context.writtenSums(),
                reflink ? TreeRecords.none() : context.treeRecords());
        ReflinkStats reflinked = null;
        if (reflink) {
            try {
                reflinked = ReflinkSeeder.seed(request);
            } catch (KaizenException e) {
                reflinked = new ReflinkStats(0, 0, 0, e.getMessage() + " (large files were copied whole)");
            }
        }
        TransferResult result = context.engine().transfer(request);
        String message = result.message();
        if (result.status() == RunStatus.FAILED) {
            message += removeFailedCopy(context);
        }
        return new SourceResult(kind(), name(), result.status(), message).withReflink(reflinked);
    }

    /**
     * A failed transfer's half-made copy is removed from the snapshot: it must not pass for a backup, and on a
     * full disk it would keep the store full (retention never runs after a failure). Returns a note for the
     * message if it could not be removed.
     */
    private String removeFailedCopy(CaptureContext context) {
        Path copy = context.partial().resolve(path.getRoot().relativize(path));
        try {
            TreeRemoval.delete(copy);
            return "";
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            return " (its incomplete copy " + copy + " could not be removed: " + e.getMessage() + ")";
        }
    }
}
