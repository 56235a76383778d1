package org.matdx.fair;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A published, immutable version of a dataset, as it was when published.
 *
 * @param pid         persistent identifier {@code matdx:ds/<dataset>/v<n>}
 * @param doi         a DOI registered for it elsewhere, or null
 * @param authors     the owner and co-authors at publication, in that order
 * @param metadata    the dataset's settings at publication (access, template, group, publisher)
 * @param contentSha256 SHA-256 of the canonical snapshot: equal content, equal hash
 * @param previousPid the version before, or null for the first
 */
public record Version(UUID id, UUID datasetId, int number, String pid, String doi, String title, String description,
                      String license, int entryCount, UUID publishedBy, Instant publishedAt, List<Author> authors,
                      JsonNode metadata, String contentSha256, String previousPid) {

    /**
     * A person credited on a version: an account here (owner, co-author) or, when the dataset lists
     * its authors, one of them (role {@code author}, no username, an affiliation when given).
     */
    public record Author(String username, String name, String orcid, String role, String affiliation) {
        public Author(String username, String name, String orcid, String role) {
            this(username, name, orcid, role, null);
        }

        /** "Alice Tanaka (battery lab)" → family "Tanaka", given "Alice": the last word is the family name. */
        public String family() {
            String[] w = plainName().split("\\s+");
            return w[w.length - 1];
        }

        public String given() {
            String p = plainName();
            int i = p.lastIndexOf(' ');
            return i < 0 ? "" : p.substring(0, i);
        }

        /** The name without a parenthetical affiliation note. */
        public String plainName() {
            String p = name.replaceAll("\\s*\\([^)]*\\)", "").strip();
            return p.isEmpty() ? name.strip() : p;
        }
    }
}
