package org.matdx.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson3;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.platform.Platform;

/**
 * The HTTP server: the native API under {@code /api/v1}, later OPTIMADE and the web UI. Routes
 * are declared in one place ({@link #routes}); handlers stay thin.
 */
public final class WebServer implements AutoCloseable {
    private final Javalin app;

    public WebServer(Platform platform) {
        this.app = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson3(Json.MAPPER, false));
            config.http.maxRequestSize = 32L * 1024 * 1024; // JSON bodies; file uploads stream separately
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.jetty.multipartConfig.maxFileSize(platform.config().maxUploadBytes(), io.javalin.config.SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(platform.config().maxUploadBytes() + 1024 * 1024, io.javalin.config.SizeUnit.BYTES);
            config.staticFiles.enableWebjars();
            config.staticFiles.add(sf -> {
                sf.hostedPath = "/static";
                sf.directory = "/public";
                sf.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            config.routes.before(ctx -> authenticate(platform, ctx));
            routes(platform, config.routes);
            config.routes.exception(Problem.class, (e, ctx) -> {
                if (isPage(ctx)) {
                    ErrorPages.write(ctx, e.type().status, e.getMessage());
                } else {
                    Problems.write(ctx, e);
                }
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                Problems.unexpected(ctx, e);
                if (isPage(ctx)) {
                    ErrorPages.write(ctx, 500, "MatDX could not show this page because of an internal error; it has been logged.");
                }
            });
            config.routes.error(404, ctx -> {
                if (isPage(ctx)) {
                    if (ctx.contentType() == null || !ctx.contentType().startsWith("text/html")) {
                        ErrorPages.write(ctx, 404, "");
                    }
                } else if (ctx.contentType() == null || !ctx.contentType().startsWith(Problems.MEDIA_TYPE)) {
                    Problems.write(ctx, new Problem(Problem.Type.NOT_FOUND, "no such endpoint: " + ctx.method() + " " + ctx.path()));
                }
            });
            config.routes.error(405, ctx -> Problems.write(ctx, new Problem(Problem.Type.BAD_REQUEST,
                    ctx.method() + " is not supported on " + ctx.path())));
        });
    }

    private static void routes(Platform platform, io.javalin.config.RoutesConfig r) {
        new SystemApi(platform).register(r);
        new CatalogApi(platform).register(r);
        new DatasetExportApi(platform).register(r);
        new CampaignApi(platform).register(r);
        new ElementsApi(platform).register(r);
        new SearchApi(platform).register(r);
        new OptimadeApi(platform).register(r);
        new ModelsApi(platform).register(r);
        new IngestApi(platform).register(r);
        new SampleApi(platform).register(r);
        new org.matdx.web.ui.UiRoutes(platform).register(r);
        new LoginRoutes(platform).register(r);
        new AccessApi(platform).register(r);
        new VersionsApi(platform).register(r);
        new DiffractionApi(platform).register(r);
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
            SessionAuth.authenticate(platform, ctx); // a browser session, or anonymous
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw Problem.unauthorized("the Authorization header must be 'Bearer <token>'");
        }
        Caller c = platform.accounts().authenticateToken(header.substring(7).strip(), Requests.origin(ctx));
        ctx.attribute(Requests.CALLER, c);
    }

    public WebServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
