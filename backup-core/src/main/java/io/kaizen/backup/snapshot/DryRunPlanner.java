package io.kaizen.backup.snapshot;

import io.kaizen.backup.fs.Attributes;
import io.kaizen.backup.fs.ExtendedAttributes;
import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.TreeEntry;
import io.kaizen.backup.fs.TreeWalker;
import io.kaizen.backup.snapshot.SnapshotPlan.Action;
import io.kaizen.backup.snapshot.SnapshotPlan.Entry;
import io.kaizen.backup.snapshot.SnapshotPlan.PlannedSource;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.source.Source;
import io.kaizen.backup.transfer.FilterRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Works out what a run would copy, link and exclude, reading the sources and the previous snapshots and writing
 * nothing. A file would be linked when the first previous snapshot that has it holds an unchanged copy (rsync's
 * quick check and {@code --link-dest} rule, {@link FileStat#sameForLinking}, the same ACLs and extended attributes
 * ({@link ExtendedAttributes#same}), and the same content with {@code checksum}), as the engines decide; excluded directories are listed, not entered.
 */
final class DryRunPlanner {
    private final List<Path> linkDests;
    private final FilterRules globalFilters;
    private final boolean checksum;
    private final boolean owners = Attributes.forThisProcess().setsOwners();
    private final ExtendedAttributes xattrs = ExtendedAttributes.forThisProcess();

    DryRunPlanner(List<Path> linkDests, FilterRules globalFilters, boolean checksum) {
        this.linkDests = List.copyOf(linkDests);
        this.globalFilters = globalFilters;
        this.checksum = checksum;
    }

    PlannedSource plan(Source source) {
        if (!(source instanceof PathSource path)) {
            return PlannedSource.of(source.kind(), source.name(),
                    List.of(new Entry(Action.DUMP, "dumps/" + source.name(), 0)), 0);
        }
        FilterRules filters = path.filters().then(globalFilters);
        Path top = path.path();
        byte[] topRelative = NativeNames.bytes(top.getRoot().relativize(top));
        List<Entry> entries = new ArrayList<>();
        try {
            FileStat topStat = FileStat.of(top);
            if (excludedWithParents(filters, topRelative, topStat.isDirectory())) {
                entries.add(new Entry(Action.EXCLUDE, top.toString(), 0));
                return PlannedSource.of(source.kind(), source.name(), entries, 0);
            }
            if (!topStat.isDirectory()) {
                entries.add(entry(topRelative, topStat));
                return PlannedSource.of(source.kind(), source.name(), entries, 0);
            }
            long dirs = 1;
            Iterator<TreeEntry> walk = TreeWalker.walk(top, e -> !filters.excludes(
                    NativeNames.child(topRelative, e.relative()), true));
            while (walk.hasNext()) {
                TreeEntry child = walk.next();
                byte[] relative = NativeNames.child(topRelative, child.relative());
                FileStat stat = FileStat.of(child.attributes());
                if (filters.excludes(relative, stat.isDirectory())) {
                    entries.add(new Entry(Action.EXCLUDE, display(relative), stat.isFile() ? stat.size() : 0));
                } else if (stat.isDirectory()) {
                    dirs++;
                } else {
                    entries.add(entry(relative, stat));
                }
            }
            return PlannedSource.of(source.kind(), source.name(), entries, dirs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + top + ": " + e.getMessage(), e);
        }
    }

    private static boolean excludedWithParents(FilterRules filters, byte[] relative, boolean directory) {
        for (int i = 0; i < relative.length; i++) {
            if (relative[i] == '/' && filters.excludes(Arrays.copyOf(relative, i), true)) {
                return true;
            }
        }
        return filters.excludes(relative, directory);
    }

    private Entry entry(byte[] relative, FileStat stat) throws IOException {
        if (!stat.isFile()) {
            return new Entry(Action.COPY, display(relative), 0);
        }
        Path source = NativeNames.resolve(Path.of("/"), relative);
        for (Path linkDest : linkDests) {
            Path previous = NativeNames.resolve(linkDest, relative);
            FileStat before;
            try {
                before = FileStat.of(previous);
            } catch (IOException e) {
                continue;
            }
            if (stat.sameForLinking(before, owners) && xattrs.same(source, previous) && (!checksum || Files.mismatch(source, previous) == -1L)) {
                return new Entry(Action.LINK, display(relative), stat.size());
            }
        }
        return new Entry(Action.COPY, display(relative), stat.size());
    }

    private static String display(byte[] relative) {
        return "/" + NativeNames.display(relative);
    }
}
