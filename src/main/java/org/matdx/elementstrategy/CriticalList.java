package org.matdx.elementstrategy;

import java.util.Locale;
import java.util.Optional;

/** Published lists of critical raw materials, mapped to elements (the documents are named in the sources table). */
public enum CriticalList {
    EU_CRM_2023("eu", "eu_crm_2023", "EU critical raw materials (Regulation (EU) 2024/1252, 2023 list)"),
    USGS_2022("usgs", "usgs_critical_2022", "US critical minerals (USGS 2022 final list)"),
    DOE_2023("doe", "doe_critical_2023", "US DOE critical materials for energy (2023)"),
    JAPAN_34("japan", "japan_rare_metals_34", "Japan's 34 rare-metal kinds of the national stockpile (METI 2020)");

    private final String code;
    private final String column;
    private final String title;

    CriticalList(String code, String column, String title) {
        this.code = code;
        this.column = column;
        this.title = title;
    }

    /** Short name used in options and field names: eu, usgs, doe, japan. */
    public String code() {
        return code;
    }

    public String column() {
        return column;
    }

    public String title() {
        return title;
    }

    public static Optional<CriticalList> byCode(String code) {
        String c = code.strip().toLowerCase(Locale.ROOT);
        for (CriticalList l : values()) {
            if (l.code.equals(c) || l.column.equals(c)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
