package io.kaizen.backup.source;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.store.ReflinkStats;
import io.kaizen.backup.store.SourceResult;
import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.transfer.TransferRequest;
import io.kaizen.backup.transfer.TransferResult;
import io.kaizen.backup.transfer.reflink.ReflinkSeeder;
import java.nio.file.Path;

/**
 * A directory (or file) on the node, mirrored under its absolute path, with its own filter rules. With
 * {@code reflink}, large changed files (VM images) become reflinked copies of their previous version with only
 * the changed blocks written, where the store's file system allows ({@link ReflinkSeeder}); the tree is the same.
 */
public record PathSource(Path path, FilterRules filters, boolean reflink) implements Source {
    public PathSource {
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("source path must be absolute: " + path);
        }
        path = path.normalize();
    }

    public PathSource(Path path, FilterRules filters) {
        this(path, filters, false);
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
                filters.then(context.globalFilters()), context.checksum());
        ReflinkStats reflinked = null;
        if (reflink) {
            try {
                reflinked = ReflinkSeeder.seed(request);
            } catch (KaizenException e) {
                reflinked = new ReflinkStats(0, 0, 0, e.getMessage() + " (large files were copied whole)");
            }
        }
        TransferResult result = context.engine().transfer(request);
        return new SourceResult(kind(), name(), result.status(), result.message()).withReflink(reflinked);
    }
}
