package io.kaizen.backup.store;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Reads {@code .kaizen/manifest.json} with {@link JsonStream} into the {@link Manifest} that {@link Json#mapper()}
 * reads from it (it writes it): unknown fields are ignored, a missing or null field is null (0 for a number), and
 * the records' constructors judge the rest. Every listing of a store reads each snapshot's manifest, above all
 * {@code kaizen serve}'s answer to LIST, which this keeps clear of Jackson's data binding; the collector reads the
 * manifests nodes send with it too, so there is one reader.
 */
public final class ManifestJson {
    /** The fields of {@link Counts}, in its constructor's order. */
    private static final List<String> COUNTS = List.of("files", "dirs", "symlinks", "others", "bytes", "filesCopied",
            "filesLinked", "bytesCopied");

    private ManifestJson() {
    }

    /** The manifest {@code content} holds; an exception when it is not one. */
    public static Manifest read(byte[] content) throws IOException {
        ManifestFields m = new ManifestFields();
        JsonStream.readObject(content, (field, in) -> {
            switch (field) {
                case "formatVersion" -> m.formatVersion = Math.toIntExact(JsonStream.number(in));
                case "host" -> m.host = JsonStream.string(in);
                case "snapshot" -> m.snapshot = JsonStream.string(in);
                case "started" -> m.started = JsonStream.instant(in);
                case "finished" -> m.finished = JsonStream.instant(in);
                case "toolVersion" -> m.toolVersion = JsonStream.string(in);
                case "engine" -> m.engine = JsonStream.string(in);
                case "status" -> m.status = status(in);
                case "sources" -> m.sources = JsonStream.list(in, ManifestJson::source);
                case "counts" -> m.counts = counts(in);
                case "warnings" -> m.warnings = JsonStream.list(in, JsonStream::string);
                case "sumsSha256" -> m.sumsSha256 = JsonStream.string(in);
                default -> in.skipChildren();
            }
        });
        return new Manifest(m.formatVersion, m.host, m.snapshot, m.started, m.finished, m.toolVersion, m.engine,
                m.status, m.sources, m.counts, m.warnings, m.sumsSha256);
    }

    /** A status by its label ({@link RunStatus#label}), or null. */
    private static RunStatus status(JsonParser in) throws IOException {
        String label = JsonStream.string(in);
        if (label == null) {
            return null;
        }
        for (RunStatus status : RunStatus.values()) {
            if (status.label().equals(label)) {
                return status;
            }
        }
        throw new JsonParseException(in, "unknown status '" + label + "'");
    }

    private static SourceResult source(JsonParser in) throws IOException {
        SourceFields s = new SourceFields();
        JsonStream.object(in, (field, value) -> {
            switch (field) {
                case "kind" -> s.kind = JsonStream.string(value);
                case "name" -> s.name = JsonStream.string(value);
                case "status" -> s.status = status(value);
                case "message" -> s.message = JsonStream.string(value);
                case "files" -> s.files = JsonStream.list(value, ManifestJson::dumpFile);
                case "changed" -> s.changed = JsonStream.bool(value);
                case "reflink" -> s.reflink = reflink(value);
                default -> value.skipChildren();
            }
        });
        return new SourceResult(s.kind, s.name, s.status, s.message, s.files, s.changed, s.reflink);
    }

    private static DumpFile dumpFile(JsonParser in) throws IOException {
        DumpFields d = new DumpFields();
        JsonStream.object(in, (field, value) -> {
            switch (field) {
                case "path" -> d.path = JsonStream.string(value);
                case "bytes" -> d.bytes = JsonStream.number(value);
                case "tool" -> d.tool = JsonStream.string(value);
                case "serverVersion" -> d.serverVersion = JsonStream.string(value);
                case "databases" -> d.databases = JsonStream.list(value, JsonStream::string);
                default -> value.skipChildren();
            }
        });
        return new DumpFile(d.path, d.bytes, d.tool, d.serverVersion, d.databases);
    }

    private static ReflinkStats reflink(JsonParser in) throws IOException {
        if (JsonStream.isNull(in)) {
            return null;
        }
        ReflinkFields r = new ReflinkFields();
        JsonStream.object(in, (field, value) -> {
            switch (field) {
                case "files" -> r.files = JsonStream.number(value);
                case "bytesCompared" -> r.bytesCompared = JsonStream.number(value);
                case "bytesWritten" -> r.bytesWritten = JsonStream.number(value);
                case "unavailable" -> r.unavailable = JsonStream.string(value);
                default -> value.skipChildren();
            }
        });
        return new ReflinkStats(r.files, r.bytesCompared, r.bytesWritten, r.unavailable);
    }

    private static Counts counts(JsonParser in) throws IOException {
        if (JsonStream.isNull(in)) {
            return null;
        }
        long[] n = new long[COUNTS.size()];
        JsonStream.object(in, (field, value) -> {
            int at = COUNTS.indexOf(field);
            if (at < 0) {
                value.skipChildren();
            } else {
                n[at] = JsonStream.number(value);
            }
        });
        return new Counts(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]);
    }

    /** The fields of a {@link Manifest} as they are read. */
    private static final class ManifestFields {
        int formatVersion;
        String host;
        String snapshot;
        Instant started;
        Instant finished;
        String toolVersion;
        String engine;
        RunStatus status;
        List<SourceResult> sources;
        Counts counts;
        List<String> warnings;
        String sumsSha256;
    }

    /** The fields of a {@link SourceResult} as they are read. */
    private static final class SourceFields {
        String kind;
        String name;
        RunStatus status;
        String message;
        List<DumpFile> files;
        Boolean changed;
        ReflinkStats reflink;
    }

    /** The fields of a {@link DumpFile} as they are read. */
    private static final class DumpFields {
        String path;
        long bytes;
        String tool;
        String serverVersion;
        List<String> databases;
    }

    /** The fields of a {@link ReflinkStats} as they are read. */
    private static final class ReflinkFields {
        long files;
        long bytesCompared;
        long bytesWritten;
        String unavailable;
    }
}
