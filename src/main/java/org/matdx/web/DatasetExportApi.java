package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.matdx.catalog.EntryTable;
import org.matdx.core.Ids;
import org.matdx.core.Problem;

/** {@code GET /api/v1/datasets/{id}/entries.csv}: a dataset as one table. */
final class DatasetExportApi {
    private final EntryTable table;

    DatasetExportApi(EntryTable table) {
        this.table = table;
    }

    void register(RoutesConfig r) {
        r.get("/api/v1/datasets/{id}/entries.csv", this::csv);
    }

    private void csv(Context ctx) throws IOException {
        UUID id = Ids.parseOrNull(ctx.pathParam("id"));
        if (id == null) {
            throw Problem.notFound("dataset", ctx.pathParam("id"));
        }
        EntryTable.Prepared prepared = table.prepare(Requests.context(ctx), id);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"dataset-" + id + ".csv\"");
        prepared.writeCsv(new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8)));
    }
}
