package io.kaizen.backup.collect.pull;

import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.RelativePaths;
import io.kaizen.backup.remote.agent.AgentClient;
import io.kaizen.backup.remote.agent.AgentException;
import io.kaizen.backup.remote.agent.RemoteEntry;
import io.kaizen.backup.store.Counts;
import io.kaizen.backup.store.SumsFile;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;

/**
 * First pass of a pull: reads the node's entry list, checks it, and writes it with a provisional decision per
 * file to a spool file on the collector's disk (so memory does not grow with the list).
 *
 * <p>Checked here, before anything is created: each name (see {@link RelativePaths}); strict tree order (so no
 * duplicates); each entry's parent is the directory listed last on its branch (so nothing is ever created below
 * a symlink or a file); no more entries, files, bytes of any file or in total than the manifest counts, and at
 * the end exactly as many; every regular file has its line in the node's SHA256SUMS and every line its file; no
 * more than {@link #MAX_XATTR_BYTES} of extended attributes in all (each entry's are bounded as they are read).
 */
final class PullListing {
    /** Provisional decisions; the planner confirms them against the disk. */
    static final byte DIRECTORY = 'd';
    static final byte SYMLINK = 'l';
    static final byte OTHER = 'o';
    static final byte HARDLINK = 'h';
    static final byte SAME_AS_PREVIOUS = 's';
    static final byte CHANGED_FROM_PREVIOUS = 'c';
    static final byte NEW = 'n';
    /** Most bytes of extended attribute names and values in one listing (what the spool may hold of them). */
    static final long MAX_XATTR_BYTES = 4L << 30;

    private PullListing() {
    }

    /** Reads the list into {@code spool}; returns how many entries it holds. */
    static long spool(AgentClient.EntryList list, Counts claimed, Path newSums, Optional<Path> previousSums,
                      Path spool, long maxEntries) throws IOException {
        long claimedEntries = claimed.files() + claimed.dirs() + claimed.symlinks() + claimed.others();
        long limit = Math.min(claimedEntries, maxEntries);
        Tally tally = new Tally();
        Deque<byte[]> dirs = new ArrayDeque<>();
        byte[] last = null;
        try (SumsFile.Reader sums = SumsFile.Reader.open(newSums);
             SumsFile.Reader before = previousSums.isPresent() ? SumsFile.Reader.open(previousSums.get()) : null;
             OutputStream file = Files.newOutputStream(spool);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16))) {
            SumsFile.Cursor previous = new SumsFile.Cursor(before);
            Optional<RemoteEntry> next;
            while ((next = list.next()).isPresent()) {
                RemoteEntry entry = next.get();
                if (++tally.entries > limit) {
                    throw untrusted("the node lists more entries than its manifest counts (" + claimedEntries
                            + ")" + (maxEntries < claimedEntries ? " or the limit allows (" + maxEntries + ")" : ""));
                }
                byte[] path = entry.path();
                if (last != null && NativeNames.TREE_ORDER.compare(last, path) >= 0) {
                    throw untrusted("entry '" + entry.display() + "' is out of order or listed twice");
                }
                last = path;
                tally.xattrBytes += xattrBytes(entry);
                if (tally.xattrBytes > MAX_XATTR_BYTES) {
                    throw untrusted("the node lists more than " + MAX_XATTR_BYTES + " bytes of extended attributes (at '"
                            + entry.display() + "')");
                }
                while (!dirs.isEmpty() && !RelativePaths.isWithin(path, dirs.peek())) {
                    dirs.pop();
                }
                byte[] parent = RelativePaths.parent(path);
                if (!Arrays.equals(parent, dirs.isEmpty() ? new byte[0] : dirs.peek())) {
                    throw untrusted("parent of '" + entry.display() + "' is not a directory listed before it");
                }
                byte decision;
                byte[] sum = null;
                switch (entry.type()) {
                    case DIRECTORY -> {
                        tally.dirs++;
                        dirs.push(path);
                        decision = DIRECTORY;
                    }
                    case SYMLINK -> {
                        tally.symlinks++;
                        decision = SYMLINK;
                    }
                    case OTHER, FIFO, CHARACTER_DEVICE, BLOCK_DEVICE, SOCKET -> {
                        tally.others++;
                        decision = OTHER;
                    }
                    default -> {
                        tally.files++;
                        tally.bytes += entry.size();
                        if (entry.size() > claimed.bytes() || tally.bytes > claimed.bytes() || tally.files > claimed.files()) {
                            throw untrusted("'" + entry.display() + "' claims " + entry.size() + " bytes; the files "
                                    + "listed so far exceed the manifest's " + claimed.files() + " files of "
                                    + claimed.bytes() + " bytes");
                        }
                        SumsFile.Line line = sumsLine(sums, path);
                        sum = line.sha256();
                        if (entry.hardLink().isPresent()) {
                            decision = HARDLINK;
                        } else {
                            SumsFile.Line old = previous.find(path);
                            decision = old == null ? NEW : Arrays.equals(old.sha256(), sum) ? SAME_AS_PREVIOUS
                                    : CHANGED_FROM_PREVIOUS;
                        }
                    }
                }
                SpoolRecord.write(out, entry, decision, sum);
            }
            if (sums.hasNext()) {
                throw new VerificationException("SHA256SUMS lists '" + NativeNames.display(sums.next().relative())
                        + "', which the node's listing does not have");
            }
            SpoolRecord.writeEnd(out);
        }
        Counts listed = new Counts(tally.files, tally.dirs, tally.symlinks, tally.others, tally.bytes, 0, 0, 0);
        if (listed.files() != claimed.files() || listed.dirs() != claimed.dirs() || listed.symlinks() != claimed.symlinks()
                || listed.others() != claimed.others() || listed.bytes() != claimed.bytes()) {
            throw new VerificationException("the listing (" + describe(listed) + ") does not match the manifest's counts ("
                    + describe(claimed) + ")");
        }
        return tally.entries;
    }

    private static SumsFile.Line sumsLine(SumsFile.Reader sums, byte[] path) {
        if (!sums.hasNext()) {
            throw new VerificationException("'" + NativeNames.display(path) + "' is not in SHA256SUMS");
        }
        SumsFile.Line line = sums.next();
        if (!Arrays.equals(line.relative(), path)) {
            throw new VerificationException("SHA256SUMS and the listing disagree at '" + NativeNames.display(path)
                    + "' / '" + NativeNames.display(line.relative()) + "'");
        }
        return line;
    }

    private static long xattrBytes(RemoteEntry entry) {
        long bytes = 0;
        for (var attribute : entry.xattrs().values().entrySet()) {
            bytes += attribute.getKey().length() + attribute.getValue().length;
        }
        return bytes;
    }

    private static String describe(Counts c) {
        return c.files() + " files, " + c.dirs() + " dirs, " + c.symlinks() + " symlinks, " + c.others() + " others, "
                + c.bytes() + " bytes";
    }

    private static AgentException untrusted(String message) {
        return new AgentException(AgentException.Kind.UNTRUSTED_INPUT, message);
    }

    private static final class Tally {
        long entries;
        long files;
        long dirs;
        long symlinks;
        long others;
        long bytes;
        long xattrBytes;
    }
}
