package org.matdx.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The file formats MatDX can read: every {@link Reader} on the class path (declared in
 * {@code META-INF/services/org.matdx.ingest.Reader}, so a facility can add a jar). Recognition
 * looks at the name and the first 64 KiB: a reader that recognises the content beats one that
 * only likes the name, as NOMAD's parsers match main files.
 */
public final class Readers {
    public static final int HEAD_BYTES = 64 * 1024;

    private final Map<String, Reader> byId = new LinkedHashMap<>();

    public Readers(List<Reader> readers) {
        for (Reader r : readers) {
            if (byId.putIfAbsent(r.id(), r) != null) {
                throw new IllegalStateException("two readers claim the id " + r.id());
            }
        }
    }

    /** Every reader on the class path. */
    public static Readers installed() {
        List<Reader> all = new ArrayList<>();
        ServiceLoader.load(Reader.class).forEach(all::add);
        return new Readers(all);
    }

    public Optional<Reader> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<Reader> all() {
        return List.copyOf(byId.values());
    }

    /** A reader and how sure it is. */
    public record Match(Reader reader, Recognition recognition) {
    }

    /**
     * The best reader for a file among {@code candidates} (all readers when null): content matches
     * first, then name matches, in the order given.
     */
    public Optional<Match> recognise(String fileName, byte[] head, List<String> candidates) {
        List<Reader> pool = candidates == null ? all()
                : candidates.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
        return pool.stream()
                .map(r -> new Match(r, r.recognise(fileName, head)))
                .filter(m -> m.recognition().matches())
                .max(Comparator.comparingInt(m -> m.recognition().ordinal()));
    }
}
