package org.matdx.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.matdx.testing.ApiClient;

/** Creating datasets and entries through the API for search tests. */
public final class SearchFixtures {
    private SearchFixtures() {
    }

    /** A dataset with the given access ("public", "private", "group", "embargoed"); returns its id. */
    public static String dataset(ApiClient as, String title, String access, String extraJson) {
        String body = "{\"title\": \"" + title + "\", \"access\": \"" + access + "\""
                + (extraJson == null ? "" : ", " + extraJson) + "}";
        var r = as.post("/api/v1/datasets", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    public static void entries(ApiClient as, String datasetId, String json) {
        var r = as.post("/api/v1/datasets/" + datasetId + "/entries", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
}
