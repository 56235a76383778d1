package org.matdx.web.ui;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.matdx.access.AccessPolicy;
import org.matdx.catalog.Catalog;
import org.matdx.core.Json;
import org.matdx.ingest.template.Template;
import org.matdx.ingest.template.TemplateLibrary;
import org.matdx.web.Requests;

/**
 * The upload page: choose a dataset you may write to and a template; the invoice form is built in
 * the browser from the template's JSON Schema (labels in the page's language, units, constraints),
 * and the files go to the same ingest API as scripts use, with live progress and a result per
 * file. Validation messages come back from the server next to their fields.
 */
public final class UploadPage {
    /** A dataset the caller may add to, and the templates to choose from. */
    public record View(List<Catalog.DatasetView> datasets, List<Template> templates, String selectedDataset) {
    }

    /** Labels the page's script shows (results, progress, mode hints), in the page's language. */
    static final List<String> SCRIPT_LABELS = List.of("stored", "failed", "points", "open", "invalid", "custom", "auto_note",
            "uploading", "processing", "summary", "need_sheet", "need_zip", "job_failed", "attached", "attached_with", "not_stored",
            "skipped", "sample_conflict");

    public static String labels(Page page) {
        var n = Json.object();
        SCRIPT_LABELS.forEach(k -> n.put(k, page.t("upload." + k)));
        return Json.write(n).replace("</", "<\\/");
    }

    private final Catalog catalog;
    private final AccessPolicy policy;
    private final TemplateLibrary templates;

    UploadPage(Catalog catalog, AccessPolicy policy, TemplateLibrary templates) {
        this.catalog = catalog;
        this.policy = policy;
        this.templates = templates;
    }

    void show(Context ctx) {
        var caller = Requests.caller(ctx);
        List<Catalog.DatasetView> writable = new ArrayList<>();
        if (Pages.page(ctx).signedIn()) {
            String cursor = null;
            do {
                var page = catalog.datasets(caller, cursor, 200);
                for (var v : page.items()) {
                    if (policy.canWrite(caller, v.dataset())) {
                        writable.add(v);
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null && writable.size() < 500);
        }
        String selected = ctx.queryParam("dataset");
        Pages.render(ctx, "upload.jte", Map.of("view", new View(writable, templates.all(),
                selected == null ? "" : selected)));
    }
}
