package org.matdx.formats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every {@link Reader} on the class path (ServiceLoader), and recognition of a file's format from
 * its name and first 64 KiB. A reader that recognises the content wins over one that only likes
 * the name, as NOMAD's main-file matching prefers content.
 */
public final class Readers {
    /** How much of a file recognition looks at. */
    public static final int HEAD_BYTES = 64 * 1024;

    private final Map<String, Reader> byId;

    public Readers(Collection<Reader> readers) {
        Map<String, Reader> m = new LinkedHashMap<>();
        for (Reader r : readers) {
            if (m.putIfAbsent(r.id(), r) != null) {
                throw new IllegalStateException("two readers claim the id '" + r.id() + "'");
            }
        }
        this.byId = Map.copyOf(m);
    }

    /** The readers registered in {@code META-INF/services/org.matdx.formats.Reader}. */
    public static Readers installed() {
        List<Reader> found = new ArrayList<>();
        ServiceLoader.load(Reader.class, Readers.class.getClassLoader()).forEach(found::add);
        return new Readers(found);
    }

    public Optional<Reader> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<Reader> all() {
        return byId.values().stream().sorted(Comparator.comparing(Reader::id)).toList();
    }

    /** One reader's verdict on a file. */
    public record Candidate(Reader reader, Recognition recognition) {
    }

    /**
     * Every reader that recognises the file, best first: content matches before name matches, then
     * by id so the answer is stable.
     */
    public List<Candidate> candidates(String fileName, byte[] head) {
        List<Candidate> out = new ArrayList<>();
        for (Reader r : byId.values()) {
            Recognition rec;
            try {
                rec = r.recognise(fileName, head);
            } catch (RuntimeException e) {
                rec = Recognition.NO; // a reader that trips over foreign bytes simply does not recognise them
            }
            if (rec != null && rec.matches()) {
                out.add(new Candidate(r, rec));
            }
        }
        out.sort(Comparator.comparing((Candidate c) -> c.recognition() == Recognition.CONTENT ? 0 : 1)
                .thenComparing(c -> c.reader().id()));
        return out;
    }

    /** The best reader for the file, or empty when none recognises it. */
    public Optional<Reader> recognise(String fileName, byte[] head) {
        List<Candidate> c = candidates(fileName, head);
        return c.isEmpty() ? Optional.empty() : Optional.of(c.get(0).reader());
    }

    /** The sentence a user reads when nothing recognises a file: what was tried. */
    public String unrecognised(String fileName) {
        for (Reader r : all()) {
            String hint = r.hint(fileName);
            if (hint != null) {
                return hint;
            }
        }
        StringBuilder sb = new StringBuilder("no reader recognises this file by its name or content; readers tried: ");
        sb.append(String.join(", ", all().stream().map(r -> r.id() + " (" + r.name() + ")").toList()));
        return sb.toString();
    }
}
