package org.matdx.catalog;

import java.time.LocalDate;
import java.util.List;
import org.matdx.core.Credits;

/**
 * What a caller supplies to create a dataset. Unset fields get defaults: licence CC-BY-4.0,
 * access private.
 *
 * @param group the name of the sharing group, or null
 */
public record NewDataset(String title, String description, String license, String access, LocalDate embargoUntil,
                         Boolean modelUseOnly, String group, String template, List<Credits.Author> authors,
                         List<String> keywords) {
    public NewDataset {
        authors = authors == null ? List.of() : authors;
        keywords = keywords == null ? List.of() : keywords;
    }

    /** A dataset without authors or keywords (its citations then credit the owner and co-authors). */
    public NewDataset(String title, String description, String license, String access, LocalDate embargoUntil,
                      Boolean modelUseOnly, String group, String template) {
        this(title, description, license, access, embargoUntil, modelUseOnly, group, template, List.of(), List.of());
    }
}
