package io.kaizen.backup.offsite;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each blob is: read from the {@code index/} objects, completed from the headers of packs no index names
 * yet (a run killed between a pack and its index), and extended as packs are written. {@link #writePending}
 * writes one index object for the packs not yet in one. Look-ups and additions are synchronized: the threads of
 * one replicate share it.
 */
final class RepositoryIndex {
    private static final byte[] CONTEXT = "kaizen index v1".getBytes(StandardCharsets.US_ASCII);

    /** A blob's place: its pack's key, the offset and length of its sealed bytes. */
    record Location(String pack, int offset, int length) {
    }

    private final Map<BlobId, Location> blobs = new HashMap<>();
    private final Map<String, List<Pack.Entry>> pending = new LinkedHashMap<>();
    private final Map<String, List<String>> packsOfIndex = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private int recovered;

    private RepositoryIndex() {
    }

    /**
     * The repository's index: every index object, then the headers of packs none of them names. A damaged index
     * object is only a problem noted here: its packs are read from their own headers instead.
     */
    static RepositoryIndex load(Repository repository) {
        RepositoryIndex index = new RepositoryIndex();
        Set<String> indexed = new HashSet<>();
        for (String key : repository.list(Repository.INDEX)) {
            Map<String, List<Pack.Entry>> packs;
            try {
                packs = decode(repository.keys().open(repository.readObject(key), CONTEXT));
            } catch (OffsiteException e) {
                index.problems.add(e.getMessage());
                continue;
            } catch (GeneralSecurityException | RuntimeException e) {
                index.problems.add(repository.damaged(key, "it does not decrypt or parse").getMessage());
                continue;
            }
            packs.forEach(index::add);
            indexed.addAll(packs.keySet());
            index.packsOfIndex.put(key, List.copyOf(packs.keySet()));
        }
        for (String pack : repository.list(Repository.DATA)) {
            if (!indexed.contains(pack)) {
                List<Pack.Entry> entries;
                try {
                    entries = Pack.header(repository.readObject(pack), repository.keys());
                } catch (OffsiteException e) {
                    index.problems.add(e.getMessage());
                    continue;
                } catch (GeneralSecurityException e) {
                    index.problems.add(repository.damaged(pack, "its header does not decrypt: " + e.getMessage())
                            .getMessage());
                    continue;
                }
                index.add(pack, entries);
                index.pending.put(pack, entries);
                index.recovered++;
            }
        }
        return index;
    }

    /** Damaged index objects and packs found while loading (each named). */
    List<String> problems() {
        return List.copyOf(problems);
    }

    synchronized boolean contains(BlobId blob) {
        return blobs.containsKey(blob);
    }

    synchronized Location locate(BlobId blob) {
        Location location = blobs.get(blob);
        if (location == null) {
            throw new OffsiteException("blob " + blob + " is in no pack of the repository (an index or pack is "
                    + "missing)");
        }
        return location;
    }

    /** Packs found without an index when loading (each will be in the next index written). */
    int recovered() {
        return recovered;
    }

    /** The index objects and the packs each names. */
    Map<String, List<String>> packsOfIndex() {
        return Map.copyOf(packsOfIndex);
    }

    /** Every pack any index (or a recovered header) names. */
    Set<String> packs() {
        Set<String> packs = new HashSet<>();
        blobs.values().forEach(l -> packs.add(l.pack()));
        return packs;
    }

    /** Packs known from their headers only (not yet in an index object). */
    Set<String> pendingPacks() {
        return Set.copyOf(pending.keySet());
    }

    /** Records a pack just written; it goes into the next index object. */
    synchronized void added(String pack, List<Pack.Entry> entries) {
        add(pack, entries);
        pending.put(pack, entries);
    }

    /** Writes one index object for the packs not yet in one, if any; returns its size in bytes (0: none). */
    synchronized long writePending(Repository repository) {
        if (pending.isEmpty()) {
            return 0;
        }
        byte[] sealed = seal(repository, pending);
        packsOfIndex.put(repository.createContentAddressed(Repository.INDEX, sealed), List.copyOf(pending.keySet()));
        pending.clear();
        return sealed.length;
    }

    /** Writes an index object for the given packs, as they are recorded here; returns its key. */
    String writeFor(Repository repository, List<String> packs) {
        Map<String, List<Pack.Entry>> selected = new LinkedHashMap<>();
        Map<String, List<Pack.Entry>> all = byPack();
        packs.forEach(p -> selected.put(p, all.get(p)));
        return repository.createContentAddressed(Repository.INDEX, seal(repository, selected));
    }

    private static byte[] seal(Repository repository, Map<String, List<Pack.Entry>> packs) {
        int size = 4;
        for (Map.Entry<String, List<Pack.Entry>> pack : packs.entrySet()) {
            size += 2 + pack.getKey().length() + 4 + pack.getValue().size() * (BlobId.BYTES + 8);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(packs.size());
        packs.forEach((pack, entries) -> {
            byte[] name = pack.getBytes(StandardCharsets.US_ASCII);
            out.putShort((short) name.length).put(name).putInt(entries.size());
            for (Pack.Entry entry : entries) {
                entry.id().write(out);
                out.putInt(entry.offset()).putInt(entry.length());
            }
        });
        return repository.keys().seal(out.array(), CONTEXT);
    }

    private static Map<String, List<Pack.Entry>> decode(byte[] plaintext) {
        ByteBuffer in = ByteBuffer.wrap(plaintext);
        Map<String, List<Pack.Entry>> packs = new LinkedHashMap<>();
        int count = in.getInt();
        for (int p = 0; p < count; p++) {
            byte[] name = new byte[in.getShort()];
            in.get(name);
            int blobs = in.getInt();
            List<Pack.Entry> entries = new ArrayList<>(blobs);
            for (int b = 0; b < blobs; b++) {
                entries.add(new Pack.Entry(BlobId.read(in), in.getInt(), in.getInt()));
            }
            packs.put(new String(name, StandardCharsets.US_ASCII), entries);
        }
        return packs;
    }

    private Map<String, List<Pack.Entry>> byPack() {
        Map<String, List<Pack.Entry>> packs = new HashMap<>();
        blobs.forEach((id, l) -> packs.computeIfAbsent(l.pack(), k -> new ArrayList<>())
                .add(new Pack.Entry(id, l.offset(), l.length())));
        return packs;
    }

    private void add(String pack, List<Pack.Entry> entries) {
        for (Pack.Entry entry : entries) {
            blobs.putIfAbsent(entry.id(), new Location(pack, entry.offset(), entry.length()));
        }
    }
}
