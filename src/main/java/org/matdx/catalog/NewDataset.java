package org.matdx.catalog;

import java.time.LocalDate;

/**
 * What a caller supplies to create a dataset. Unset fields get defaults: licence CC-BY-4.0,
 * access private.
 *
 * @param group the name of the sharing group, or null
 */
public record NewDataset(String title, String description, String license, String access, LocalDate embargoUntil,
                         Boolean modelUseOnly, String group, String template) {
}
