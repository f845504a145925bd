package io.kaizen.backup.source;

import io.kaizen.backup.store.SourceResult;
import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.transfer.TransferRequest;
import io.kaizen.backup.transfer.TransferResult;
import java.nio.file.Path;

/** A directory (or file) on the node, mirrored under its absolute path, with its own filter rules. */
public record PathSource(Path path, FilterRules filters) implements Source {
    public PathSource {
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("source path must be absolute: " + path);
        }
        path = path.normalize();
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
        TransferResult result = context.engine().transfer(new TransferRequest(path, context.partial(),
                context.linkDests(), filters.then(context.globalFilters()), context.checksum()));
        return new SourceResult(kind(), name(), result.status(), result.message());
    }
}
