package io.kaizen.backup.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The outcome of one source of a run: its kind ({@code path}, {@code dump}, {@code postgresql}, {@code mysql},
 * {@code ssh-command}), its name (the path, or the dump name), its status, and a message when it did not simply
 * succeed. Optional details, written to the manifest only when present (older readers ignore them):
 * {@code files}, the dump files the source wrote with the tool that wrote them and the databases they hold;
 * {@code changed}, whether the output differs from the newest earlier snapshot's (null: nothing to compare
 * with); {@code reflink}, what reflinked copies saved for large files.
 */
public record SourceResult(String kind, String name, RunStatus status, String message,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DumpFile> files,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Boolean changed,
                           @JsonInclude(JsonInclude.Include.NON_NULL) ReflinkStats reflink) {
    public SourceResult {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** A result without details. */
    public SourceResult(String kind, String name, RunStatus status, String message) {
        this(kind, name, status, message, List.of(), null, null);
    }

    public SourceResult withReflink(ReflinkStats stats) {
        return new SourceResult(kind, name, status, message, files, changed, stats);
    }
}
