package org.matdx.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Accounts;
import org.matdx.access.Gate;
import org.matdx.access.Sharing;
import org.matdx.catalog.Catalog;
import org.matdx.catalog.DatasetDescription;
import org.matdx.catalog.Licenses;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.Credits;
import org.matdx.core.Dataset;
import org.matdx.core.Problem;
import org.matdx.core.Scope;
import org.matdx.fair.Version;
import org.matdx.fair.Versions;
import org.matdx.store.IdentityStore;
import org.matdx.store.UserStore;
import org.matdx.web.Redirects;
import org.matdx.web.Requests;

/**
 * The owner's forms for data management, posted as plain HTML forms (CSRF field {@code _csrf},
 * checked by {@code SessionAuth} before a handler runs): create a dataset, edit how it is
 * described, publish a version, add or correct a version's DOI. Each calls the same service as
 * the API (Catalog, Versions), so the access policy decides once; what the service refuses is
 * shown next to the field it names, in the page's language, with everything typed kept.
 */
public final class DatasetForms {
    private static final Pattern AUTHOR_FIELD = Pattern.compile("^authors\\[(\\d+)\\]\\.(name|orcid|affiliation)$");
    private static final List<String> FIELDS = List.of("title", "description", "license", "access", "embargo_until",
            "group", "model_use_only", "doi");

    private final Catalog catalog;
    private final Gate gate;
    private final Sharing sharing;
    private final UserStore users;
    private final IdentityStore identities;
    private final Accounts accounts;
    private final Versions versions;

    private final List<SignInButton> linkable;

    DatasetForms(Catalog catalog, Gate gate, Sharing sharing, UserStore users, IdentityStore identities, Accounts accounts,
            Versions versions, List<SignInButton> linkable) {
        this.catalog = catalog;
        this.gate = gate;
        this.sharing = sharing;
        this.users = users;
        this.identities = identities;
        this.accounts = accounts;
        this.versions = versions;
        this.linkable = linkable;
    }

    /** Registered before {@code /datasets/{id}} so that "new" is not taken for an id. */
    void register(RoutesConfig r) {
        r.get("/datasets/new", this::newForm);
        r.post("/datasets/new", this::create);
        r.get("/datasets/{id}/edit", this::editForm);
        r.post("/datasets/{id}/edit", this::edit);
        r.get("/datasets/{id}/publish", this::publishForm);
        r.post("/datasets/{id}/publish", this::publish);
        r.post("/datasets/{id}/versions/{n}/doi", this::doi);
        r.post("/datasets/{id}/embargo/lift", ctx -> {
            sharing.liftEmbargo(Requests.context(ctx), Pages.uuid(ctx, "dataset"));
            Redirects.to(ctx, "/datasets/" + Pages.uuid(ctx, "dataset"), HttpStatus.SEE_OTHER);
        });
        r.post("/datasets/{id}/embargo/extend", ctx -> {
            sharing.extendEmbargo(Requests.context(ctx), Pages.uuid(ctx, "dataset"));
            Redirects.to(ctx, "/datasets/" + Pages.uuid(ctx, "dataset"), HttpStatus.SEE_OTHER);
        });
        r.get("/profile", ctx -> showProfile(ctx, 200, null, Map.of()));
        r.post("/profile", this::saveProfile);
    }

    // ---- the profile (how versions credit the owner and co-authors when a dataset lists no authors) ----

    private void showProfile(Context ctx, int status, String[] typed, Map<String, String> errors) {
        if (!(Requests.caller(ctx) instanceof Caller.Account a)) {
            Redirects.to(ctx, Pages.page(ctx).loginUrl());
            return;
        }
        var u = a.user();
        var fresh = users.byId(u.id()).orElse(u);
        String[] values = typed != null ? typed : new String[] {fresh.displayName(), fresh.email() == null ? "" : fresh.email(),
                fresh.orcid() == null ? "" : fresh.orcid()};
        ctx.status(status);
        Pages.render(ctx, "profile.jte", Map.of("username", fresh.username(), "displayName", values[0], "email", values[1],
                "orcid", values[2], "errors", errors, "saved", typed == null && ctx.queryParam("saved") != null,
                "linkable", linkable, "linked", identities.providersOf(u.id()),
                "linkedNow", ctx.queryParam("linked") != null));
    }

    private void saveProfile(Context ctx) {
        if (!(Requests.caller(ctx) instanceof Caller.Account a)) {
            throw Problem.unauthorized("sign in to change your profile");
        }
        String[] typed = {paramOrEmpty(ctx, "display_name"), paramOrEmpty(ctx, "email"), paramOrEmpty(ctx, "orcid")};
        try {
            accounts.updateProfile(a, typed[0], typed[1], typed[2], Requests.context(ctx));
            Redirects.to(ctx, "/profile?saved=1", HttpStatus.SEE_OTHER);
        } catch (Problem p) {
            Page page = Pages.page(ctx);
            Map<String, String> errors = new LinkedHashMap<>();
            for (Problem.Issue i : p.issues()) {
                errors.putIfAbsent(i.field(), page.t("profile.error." + (List.of("display_name", "email", "orcid").contains(i.field())
                        ? i.field() : "other")));
            }
            if (errors.isEmpty()) {
                throw p;
            }
            showProfile(ctx, 422, typed, errors);
        }
    }

    private static String paramOrEmpty(Context ctx, String name) {
        String v = ctx.formParam(name);
        return v == null ? "" : v;
    }

    /** What the dataset form holds, exactly as typed (re-shown unchanged after a refusal). */
    public record Form(String title, String description, String license, String access, String embargoUntil,
                boolean modelUseOnly, String group, String authors, String keywords, String revision) {
        static final Form BLANK = new Form("", "", "CC-BY-4.0", "private", "", false, "", "", "", "");

        static Form of(Context ctx) {
            return new Form(param(ctx, "title"), param(ctx, "description"), param(ctx, "license"), param(ctx, "access"),
                    param(ctx, "embargo_until"), ctx.formParam("model_use_only") != null, param(ctx, "group"),
                    param(ctx, "authors"), param(ctx, "keywords"), param(ctx, "revision"));
        }

        static Form of(Dataset d, Credits c) {
            StringBuilder authors = new StringBuilder();
            for (Credits.Author a : c.authors()) {
                authors.append(a.name());
                if (a.orcid() != null || a.affiliation() != null) {
                    authors.append(" | ").append(a.orcid() == null ? "" : a.orcid());
                }
                if (a.affiliation() != null) {
                    authors.append(" | ").append(a.affiliation());
                }
                authors.append('\n');
            }
            return new Form(d.title(), d.description(), d.license(), d.access().level().code(),
                    d.access().embargoUntil() == null ? "" : d.access().embargoUntil().toString(), d.access().modelUseOnly(),
                    "", authors.toString(), String.join(", ", c.keywords()),
                    String.valueOf(c.revision()));
        }

        /**
         * One author per line: name | ORCID iD | affiliation (a tab separates as well). Blank lines
         * stay in the list, so that the n-th item is the n-th line and a refusal names the line.
         */
        List<Credits.Author> authorList() {
            List<Credits.Author> out = new ArrayList<>();
            String[] lines = authors.split("\\r?\\n", -1);
            int last = lines.length;
            while (last > 0 && lines[last - 1].isBlank()) {
                last--;
            }
            for (int i = 0; i < last; i++) {
                String[] parts = lines[i].split("[|\\t]", 3);
                out.add(new Credits.Author(parts[0], parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2] : ""));
            }
            return out;
        }

        /** Keywords separated by commas (also the Japanese 、 and ，) or lines. */
        List<String> keywordList() {
            return keywords.isBlank() ? List.of() : List.of(keywords.split("[,、，\\r\\n]+"));
        }

        private static String param(Context ctx, String name) {
            String v = ctx.formParam(name);
            return v == null ? "" : v;
        }
    }

    // ---- create ----------------------------------------------------------------------------

    private void newForm(Context ctx) {
        if (Requests.caller(ctx) instanceof Caller.Anonymous) {
            Redirects.to(ctx, Pages.page(ctx).loginUrl());
            return;
        }
        requireWriter(ctx);
        showDatasetForm(ctx, 200, null, Form.BLANK, Map.of());
    }

    private void create(Context ctx) {
        Caller caller = requireWriter(ctx);
        Form f = Form.of(ctx);
        Map<String, String> errors = new LinkedHashMap<>();
        LocalDate embargo = null;
        if ("embargoed".equals(f.access())) {
            try {
                embargo = f.embargoUntil().isBlank() ? null : LocalDate.parse(f.embargoUntil().strip());
            } catch (DateTimeParseException e) {
                errors.put("embargo_until", Pages.page(ctx).t("dataset_form.error.embargo_until"));
            }
        }
        if (!errors.isEmpty()) {
            showDatasetForm(ctx, 422, null, f, errors);
            return;
        }
        try {
            Dataset d = catalog.createDataset(Requests.context(ctx), new NewDataset(f.title(), f.description(),
                    f.license().isBlank() ? null : f.license().strip(), f.access(), embargo,
                    f.modelUseOnly(), f.group().isBlank() ? null : f.group(), null, f.authorList(), f.keywordList()));
            Redirects.to(ctx, "/datasets/" + d.id(), HttpStatus.SEE_OTHER);
        } catch (Problem p) {
            showDatasetForm(ctx, refusedIn(p), null, f, errors(ctx, p));
        }
    }

    // ---- edit ------------------------------------------------------------------------------

    private void editForm(Context ctx) {
        UUID id = Pages.uuid(ctx, "dataset");
        Dataset d = gate.require(Requests.caller(ctx), id, AccessPolicy.Right.DESCRIBE);
        showDatasetForm(ctx, 200, d, Form.of(d, catalog.credits(Requests.caller(ctx), id)), Map.of());
    }

    private void edit(Context ctx) {
        UUID id = Pages.uuid(ctx, "dataset");
        Caller caller = Requests.caller(ctx);
        Dataset d = gate.require(caller, id, AccessPolicy.Right.DESCRIBE);
        Form f = Form.of(ctx);
        Integer revision;
        try {
            revision = Integer.valueOf(f.revision().strip());
        } catch (NumberFormatException e) {
            revision = -1; // a form that did not come from the edit page cannot say what it started from: stale
        }
        try {
            catalog.describe(Requests.context(ctx), id, new DatasetDescription(f.title(), f.description(),
                    f.license().strip(), f.authorList(), f.keywordList(), revision));
            Redirects.to(ctx, "/datasets/" + id, HttpStatus.SEE_OTHER);
        } catch (Problem p) {
            showDatasetForm(ctx, refusedIn(p), d, f, errors(ctx, p));
        }
    }

    private void showDatasetForm(Context ctx, int status, Dataset editing, Form form, Map<String, String> errors) {
        Caller caller = Requests.caller(ctx);
        List<String> groups = new ArrayList<>();
        if (editing == null && caller instanceof Caller.Account a) {
            a.groups().keySet().forEach(g -> users.groupById(g).ifPresent(x -> groups.add(x.name())));
            groups.sort(String::compareTo);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("dataset", editing);
        params.put("form", form);
        params.put("errors", errors);
        params.put("groups", groups);
        params.put("licenses", Licenses.KNOWN.stream().sorted().toList());
        params.put("maxAuthors", Catalog.MAX_AUTHORS);
        ctx.status(status);
        Pages.render(ctx, "dataset-form.jte", params);
    }

    // ---- publish ---------------------------------------------------------------------------

    private void publishForm(Context ctx) {
        showPublish(ctx, 200, "", Map.of());
    }

    private void publish(Context ctx) {
        UUID id = Pages.uuid(ctx, "dataset");
        String doi = ctx.formParam("doi") == null ? "" : ctx.formParam("doi");
        try {
            Version v = versions.publish(Requests.context(ctx), id, doi);
            Redirects.to(ctx, "/datasets/" + id + "/versions/" + v.number(), HttpStatus.SEE_OTHER);
        } catch (Problem p) {
            if (p.type() == Problem.Type.CONFLICT) {
                showPublish(ctx, 409, doi, Map.of("form", Pages.page(ctx).t("publish.nothing_changed")));
            } else {
                showPublish(ctx, refusedIn(p), doi, errors(ctx, p));
            }
        }
    }

    private void showPublish(Context ctx, int status, String doi, Map<String, String> errors) {
        UUID id = Pages.uuid(ctx, "dataset");
        Caller caller = Requests.caller(ctx);
        Dataset d = gate.require(caller, id, AccessPolicy.Right.PUBLISH);
        Catalog.DatasetView view = catalog.dataset(Requests.context(ctx), id);
        Map<String, Object> params = new HashMap<>();
        params.put("view", view);
        params.put("credits", catalog.credits(caller, d.id()));
        params.put("versions", versions.list(caller, id));
        params.put("doi", doi);
        params.put("errors", errors);
        ctx.status(status);
        Pages.render(ctx, "publish.jte", params);
    }

    // ---- DOI after publication ---------------------------------------------------------------

    private void doi(Context ctx) {
        UUID id = Pages.uuid(ctx, "dataset");
        int n = VersionPage.number(ctx);
        String doi = ctx.formParam("doi") == null ? "" : ctx.formParam("doi");
        try {
            versions.setDoi(Requests.context(ctx), id, n, doi);
            Redirects.to(ctx, "/datasets/" + id + "/versions/" + n, HttpStatus.SEE_OTHER);
        } catch (Problem p) {
            new VersionPage(versions, gate).show(ctx, refusedIn(p), doi, errors(ctx, p).values().stream().findFirst().orElse(""));
        }
    }

    // ---- shared ----------------------------------------------------------------------------

    /**
     * A refusal the form can show (what was typed is wrong, or a stale edit) keeps the form; any
     * other (hidden dataset, no right) is the error page the problem names — never a form that
     * looks as if it could succeed.
     */
    private static int refusedIn(Problem p) {
        if (p.type() == Problem.Type.BAD_REQUEST && !p.issues().isEmpty() || p.type() == Problem.Type.CONFLICT) {
            return p.type() == Problem.Type.CONFLICT ? 409 : 422;
        }
        throw p;
    }

    /** The service's refusals as sentences of the page's language, keyed by the form field they belong next to. */
    static Map<String, String> errors(Context ctx, Problem p) {
        Page page = Pages.page(ctx);
        Map<String, String> out = new LinkedHashMap<>();
        if (p.type() == Problem.Type.CONFLICT) {
            out.put("form", page.t("dataset_form.error.stale"));
            return out;
        }
        for (Problem.Issue i : p.issues()) {
            Matcher m = AUTHOR_FIELD.matcher(i.field());
            if (m.matches()) {
                String line = page.t("dataset_form.error.author_" + m.group(2), Integer.parseInt(m.group(1)) + 1);
                out.merge("authors", line, (a, b) -> a + " " + b);
            } else if (i.field().equals("authors")) {
                out.put("authors", page.t("dataset_form.error.authors", Catalog.MAX_AUTHORS));
            } else if (i.field().startsWith("keywords")) {
                out.put("keywords", page.t("dataset_form.error.keywords", Catalog.MAX_KEYWORDS));
            } else if (FIELDS.contains(i.field())) {
                out.putIfAbsent(i.field(), page.t("dataset_form.error." + i.field()));
            } else {
                out.putIfAbsent("form", page.t("dataset_form.error.other"));
            }
        }
        return out;
    }

    /** Creating needs a signed-in account with a write-scoped credential; visitors are sent to sign in first. */
    private static Caller requireWriter(Context ctx) {
        Caller caller = Requests.caller(ctx);
        if (caller instanceof Caller.Account a && a.scope().includes(Scope.WRITE)) {
            return caller;
        }
        if (caller instanceof Caller.Anonymous) {
            throw Problem.unauthorized("sign in to create a dataset");
        }
        throw Problem.forbidden("this credential is read-only; a write-scoped one creates datasets");
    }
}
