package org.matdx.web;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson3;
import io.javalin.router.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.matdx.access.SignInThrottle;
import org.matdx.catalog.EntryTable;
import org.matdx.core.Caller;
import org.matdx.core.InvalidInput;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.platform.Platform;
import org.matdx.web.ui.Pages;
import org.matdx.web.ui.SignInButton;
import org.matdx.web.ui.UiRoutes;

/**
 * The HTTP server: the native API under {@code /api/v1}, OPTIMADE under {@code /optimade} and the web
 * interface. This class is where the handlers are wired from the {@link Platform} ({@link #routes}; the
 * interface's pages in {@link org.matdx.web.ui.UiRoutes}); each handler class declares its own routes
 * and stays thin.
 */
public final class WebServer implements AutoCloseable {
    private final Javalin app;
    private final OptimadeApi optimade;
    private final HeavyRequests heavy;

    public WebServer(Platform platform) {
        this.heavy = HeavyRequests.forThisMachine(platform.computingPlaces());
        this.optimade = new OptimadeApi(platform.optimade(), platform.config().clock());
        this.app = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson3(Json.MAPPER, false));
            config.http.maxRequestSize = 32L * 1024 * 1024; // JSON bodies; file uploads stream separately
            // platform threads, which the OS time-slices: a virtual thread that computes is never pre-empted,
            // so a few CPU-bound requests or jobs would leave no carrier for any other request
            config.concurrency.useVirtualThreads = false;
            config.startup.showJavalinBanner = false;
            config.jetty.multipartConfig.maxFileSize(platform.config().maxUploadBytes(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(platform.config().maxUploadBytes() + 1024 * 1024, SizeUnit.BYTES);
            config.staticFiles.enableWebjars();
            config.staticFiles.add(sf -> {
                sf.hostedPath = "/static";
                sf.directory = "/public";
                sf.location = Location.CLASSPATH;
            });
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            config.jetty.modifyServletContextHandler(h -> h.setErrorHandler(new JettyErrors()));
            config.routes.before(ctx -> {
                SecurityHeaders.apply(ctx); // first, so that every answer has them, refusals included
                ctx.attribute(Pages.STARTUP, platform.startup().status());
                RequestFailures.requireKnownCharset(ctx);
                if (ctx.method() == HandlerType.OPTIONS && answerOptions(ctx)) {
                    ctx.skipRemainingHandlers();
                    return;
                }
                if (!ctx.path().startsWith("/optimade")) { // OPTIMADE answers in its own error format
                    Requests.requireNoNul(ctx);
                }
                // the request's context, made once here: anonymous from its address until authentication names the caller
                Requests.begin(ctx, Locale.forLanguageTag(Pages.language(ctx)), platform.config().clock());
                authenticate(platform, ctx);
            });
            config.routes.beforeMatched(WebServer::refuseAnonymousBodies);
            routes(platform, optimade, heavy, config.routes);
            // generated at request time from the routes served, so it lists exactly what answers
            config.routes.get(OpenApi.PATH, ctx -> ctx.json(OpenApi.describe(routes(), Version.current())));
            config.routes.get(OpenApi.PAGE, ctx -> ctx.html(OpenApi.page()));
            config.routes.exception(Problem.class, (e, ctx) -> answer(ctx, e));
            // the user's value refused by domain code; any other IllegalArgumentException stays a 500 (a bug of ours)
            config.routes.exception(InvalidInput.class, (e, ctx) -> answer(ctx, e.problem()));
            config.routes.exception(SignInThrottle.HeldBack.class, (e, ctx) -> {
                ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
                answer(ctx, new Problem(Problem.Type.TOO_MANY_REQUESTS, e.getMessage()));
            });
            config.routes.exception(MethodNotAllowedResponse.class, (e, ctx) -> methodNotAllowed(ctx));
            config.routes.exception(Exception.class, (e, ctx) -> {
                Problem failed = RequestFailures.of(ctx, e, platform.config().maxUploadBytes());
                if (failed != null) {
                    answer(ctx, failed);
                    return;
                }
                Problems.unexpected(ctx, e);
                if (isPage(ctx)) {
                    ErrorPages.write(ctx, 500, "MatDX could not show this page because of an internal error; it has been logged.");
                }
            });
            config.routes.error(404, ctx -> {
                String written = ctx.res().getContentType();
                if (written != null && written.startsWith(OptimadeApi.MEDIA_TYPE)) {
                    return; // OPTIMADE's own error document (errors, meta) stays as it was written
                }
                if (isPage(ctx)) {
                    if (ctx.contentType() == null || !ctx.contentType().startsWith("text/html")) {
                        ErrorPages.write(ctx, 404, "");
                    }
                } else if (ctx.contentType() == null || !ctx.contentType().startsWith(Problems.MEDIA_TYPE)) {
                    Problems.write(ctx, new Problem(Problem.Type.NOT_FOUND, "no such endpoint: " + ctx.method() + " " + ctx.path()));
                }
            });
            config.routes.error(405, this::methodNotAllowed);
        });
        headLikeGet();
    }

    /**
     * Javalin answers HEAD on a GET route with 200 without running the route, even where GET would
     * answer 404 or 401. HEAD must answer as GET does, without the body (RFC 9110 §9.3.2), so every
     * GET route gets a HEAD route with the same handler; Jetty sends no body for HEAD.
     */
    private void headLikeGet() {
        var router = app.unsafe.internalRouter;
        for (var parsed : List.copyOf(router.allHttpHandlers())) {
            if (parsed.endpoint.method == HandlerType.GET) {
                router.addHttpEndpoint(new Endpoint(HandlerType.HEAD, parsed.endpoint.path, parsed.endpoint.handler));
            }
        }
    }

    /**
     * The routes of the API and of the web interface, in the order they are matched. Each handler is
     * built here (the interface's pages in {@link org.matdx.web.ui.UiRoutes}) with the capabilities it
     * uses; no handler sees the whole platform.
     */
    private static void routes(Platform p, OptimadeApi optimade, HeavyRequests heavy, RoutesConfig r) {
        var catalog = p.catalog();
        new SystemApi(p.db(), p.startup(), p.users(), p.jobs()).register(r);
        new CatalogApi(catalog, p.uploads(), p.blobStore()).register(r);
        new DatasetExportApi(new EntryTable(catalog, p.entries())).register(r);
        new CampaignApi(p.campaigns(), p.ingest(), p.trialFiles(), heavy).register(r);
        new ElementsApi(p.resourceScorer(), p.screens(), heavy).register(r);
        new SearchApi(p.search()).register(r);
        optimade.register(r);
        new FederationApi(p.optimadeProviders(), p.federation()).register(r);
        new FederatedLearningApi(p.federations(), p.federatedCampaigns(), p.coordinations()).register(r);
        new ModelsApi(p.models(), p.lending(), heavy).register(r);
        new IngestApi(catalog, p.ingest(), p.ingestion()).register(r);
        new SampleApi(p.ingest().samples()).register(r);
        SignInConfig signIn = SignInConfig.load(p.config().dataDir());
        new UiRoutes(p, heavy, signIn.providers().stream()
                .map(s -> new SignInButton(s.label(), "/login/oidc/" + s.id() + "/link", s.orcid(), s.id())).toList())
                .register(r);
        new LoginRoutes(p.sessions(), signIn).register(r);
        new OidcRoutes(p.externalSignIn(), p.audit(), p.config().clock(), signIn).register(r);
        new AccessApi(p.sharing(), catalog, p.auditTrail(), p.accounts()).register(r);
        new VersionsApi(p.versions(), p.roCrateExport(), p.roCrateImport()).register(r);
        new RemovalsApi(p.removals()).register(r);
        new DiffractionApi(p.diffraction(), p.ingest(), heavy).register(r);
        new ProductsApi(p.products(), heavy).register(r);
        new PhaseDiagramApi(p.phaseDiagrams(), heavy).register(r);
        new SearchFilesApi(p.search(), catalog, p.blobStore(), heavy).register(r);
    }

    /**
     * Writes from nobody in particular are taken only where an anonymous caller may write at all;
     * everywhere else they are refused here, before a byte of the body is read, so an anonymous
     * upload costs the server nothing (an upload of any size answers 401 at once).
     */
    private static final Set<String> OPEN_TO_ANONYMOUS_WRITES = Set.of("/login", "/logout",
            "/api/v1/models/{id}/predict", "/api/v1/resources/scores", "/api/v1/resources/screens",
            "/api/v1/passports/verify", "/api/v1/product-footprints");

    private static void refuseAnonymousBodies(Context ctx) {
        if (Requests.caller(ctx) instanceof Caller.Anonymous && ctx.method() != HandlerType.GET
                && ctx.method() != HandlerType.HEAD && ctx.method() != HandlerType.OPTIONS
                && !OPEN_TO_ANONYMOUS_WRITES.contains(ctx.endpoints().matchedHttpEndpoint().path)) {
            throw Problem.unauthorized("sign in (or send an API token) to " + (ctx.isMultipartFormData() ? "upload" : "change")
                    + " anything here");
        }
    }

    /** The methods a path takes, as an Allow header lists them. */
    private List<String> allowed(String path) {
        List<String> out = new ArrayList<>();
        for (HandlerType t : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
                HandlerType.DELETE)) {
            if (app.unsafe.internalRouter.hasHttpHandlerEntry(t, path)) {
                out.add(t.name());
            }
        }
        if (out.contains("GET")) {
            out.add(1, "HEAD");
        }
        if (!out.isEmpty()) {
            out.add("OPTIONS");
        }
        return out;
    }

    /** OPTIONS on a path we serve: 204 and the methods it takes (no CORS: other sites get nothing more). */
    private boolean answerOptions(Context ctx) {
        var methods = allowed(ctx.path());
        if (methods.isEmpty()) {
            return false;
        }
        ctx.header("Allow", String.join(", ", methods)).status(204);
        return true;
    }

    private void methodNotAllowed(Context ctx) {
        var methods = allowed(ctx.path());
        ctx.header("Allow", String.join(", ", methods));
        if (ctx.path().equals("/optimade") || ctx.path().startsWith("/optimade/")) {
            optimade.methodNotAllowed(ctx, methods);
            return;
        }
        answer(ctx, new Problem(Problem.Type.METHOD_NOT_ALLOWED, ctx.method().name() + " is not supported on " + ctx.path()
                + "; it takes " + String.join(", ", methods)));
    }

    /** A problem as the caller reads it: an HTML page in a browser, problem+json for the APIs. */
    private static void answer(Context ctx, Problem p) {
        if (isPage(ctx)) {
            ErrorPages.write(ctx, p.type().status, p.getMessage());
        } else {
            Problems.write(ctx, p);
        }
    }

    /** Browser pages get HTML errors; the APIs keep problem+json. */
    static boolean isPage(Context ctx) {
        String p = ctx.path();
        return !(p.startsWith("/api/") || p.startsWith("/optimade") || p.startsWith("/static/") || p.startsWith("/webjars/"));
    }

    /**
     * A bearer token makes the caller that user; otherwise a session cookie does (with CSRF checks
     * on state-changing requests); no credentials leave the caller anonymous.
     */
    private static void authenticate(Platform platform, Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            SessionAuth.authenticate(platform.sessions(), ctx); // a browser session, or anonymous
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw Problem.unauthorized("the Authorization header must be 'Bearer <token>'");
        }
        Caller c = platform.accounts().authenticateToken(header.substring(7).strip(), Requests.context(ctx));
        Requests.actAs(ctx, c);
    }

    /** Every HTTP route, as Javalin holds them: what a test walks to try each with hostile requests. */
    public List<Route> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(p -> p.endpoint.method.isHttpMethod() && p.endpoint.method != HandlerType.HEAD)
                .map(p -> new Route(p.endpoint.method.name(), p.endpoint.path)).toList();
    }

    public WebServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    /** The limiter of computing requests (tests hold its places to see a caller refused). */
    public HeavyRequests heavyRequests() {
        return heavy;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
