package org.matdx.web;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.matdx.access.ExternalSignIn;
import org.matdx.access.Sessions;
import org.matdx.access.SignInProvider;
import org.matdx.access.Tokens;
import org.matdx.audit.AuditLog;
import org.matdx.core.Caller;
import org.matdx.core.Problem;
import org.matdx.store.IdentityStore;
import org.matdx.web.ui.Pages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in with ORCID or an institution's single sign-on: the OpenID Connect authorization-code
 * flow with PKCE (RFC 7636), a state bound to this browser by a cookie and used once, a nonce,
 * and the ID token's signature, issuer, audience, expiry and nonce checked against the provider's
 * published keys ({@link IDTokenValidator}). What the token vouches for goes to
 * {@link ExternalSignIn}, which finds the account; nothing the provider says is trusted before the
 * token is.
 */
final class OidcRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(OidcRoutes.class);
    static final String STATE_COOKIE = "matdx_oidc";
    private static final int TIMEOUT_MS = 10_000;
    private static final Duration METADATA_TTL = Duration.ofHours(1);

    private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator, Instant at) {
    }

    private final ExternalSignIn externalSignIn;
    private final AuditLog audit;
    private final Clock clock;
    private final SignInConfig config;
    private final Map<String, Discovered> discovered = new ConcurrentHashMap<>();

    OidcRoutes(ExternalSignIn externalSignIn, AuditLog audit, Clock clock, SignInConfig config) {
        this.externalSignIn = externalSignIn;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
    }

    void register(RoutesConfig r) {
        r.get("/login/oidc/{provider}", this::begin);
        r.get("/login/oidc/{provider}/callback", this::callback);
        // linking needs the signed-in session and its CSRF token (a POST): nobody can link their identity to another's account
        r.post("/login/oidc/{provider}/link", this::beginLink);
    }

    private SignInProvider provider(Context ctx) {
        return config.provider(ctx.pathParam("provider"))
                .orElseThrow(() -> Problem.notFound("sign-in provider", ctx.pathParam("provider")));
    }

    private void begin(Context ctx) {
        start(ctx, Redirects.sameSite(ctx.queryParam("next")), null);
    }

    private void beginLink(Context ctx) {
        if (!(Requests.caller(ctx) instanceof Caller.Account a)) {
            throw Problem.unauthorized("sign in first, then link the provider on your profile page");
        }
        start(ctx, "/profile?linked=1", a.id());
    }

    private void start(Context ctx, String next, UUID linkUser) {
        SignInProvider p = provider(ctx);
        Discovered d = discover(p);
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        Instant now = clock.instant();
        externalSignIn.identities().begin(Tokens.hash(state.getValue()), new IdentityStore.Pending(p.id(),
                nonce.getValue(), verifier.getValue(), next, linkUser), now, now.plus(ExternalSignIn.PENDING));
        SessionAuth.set(ctx, STATE_COOKIE, state.getValue(), (int) ExternalSignIn.PENDING.toSeconds());
        Scope scope = new Scope("openid");
        p.scopes().forEach(scope::add);
        URI to = new AuthenticationRequest.Builder(ResponseType.CODE, scope, new ClientID(p.clientId()), redirectUri(ctx, p))
                .endpointURI(d.metadata().getAuthorizationEndpointURI()).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI();
        ctx.redirect(to.toString(), HttpStatus.FOUND);
    }

    private void callback(Context ctx) {
        SignInProvider p = provider(ctx);
        String state = ctx.queryParam("state");
        String cookie = ctx.cookie(STATE_COOKIE);
        SessionAuth.clear(ctx, STATE_COOKIE);
        if (state == null || state.length() > 200 || !Sessions.same(state, cookie)) {
            // a state this browser did not start: another site's sign-in pushed on us, or an old link
            refuse(ctx, 403, "login.external_expired");
            return;
        }
        IdentityStore.Pending pending = externalSignIn.identities()
                .finish(Tokens.hash(state), clock.instant()).orElse(null);
        if (pending == null || !pending.provider().equals(p.id())) {
            refuse(ctx, 403, "login.external_expired");
            return;
        }
        if (ctx.queryParam("error") != null || ctx.queryParam("code") == null) {
            refuse(ctx, 401, "login.external_cancelled");
            return;
        }
        ExternalSignIn.Identity who;
        try {
            who = verified(ctx, p, pending);
        } catch (RefusedToken e) {
            LOG.info("sign-in through {} refused: {}", p.id(), e.getMessage());
            audit.tally("login.external.refused", Requests.context(ctx));
            refuse(ctx, 401, "login.external_refused");
            return;
        }
        if (pending.linkUser() != null) {
            // only the account that asked, still signed in in this browser, gets the link
            if (!(Requests.caller(ctx) instanceof Caller.Account a) || !a.id().equals(pending.linkUser())) {
                refuse(ctx, 403, "login.external_expired");
                return;
            }
            externalSignIn.link(p, who, a, Requests.context(ctx));
            Redirects.to(ctx, pending.next(), HttpStatus.SEE_OTHER);
            return;
        }
        Sessions.Started s;
        try {
            s = externalSignIn.signIn(p, who, Requests.context(ctx), ctx.userAgent());
        } catch (Problem problem) {
            if (problem.type() != Problem.Type.FORBIDDEN) {
                throw problem;
            }
            ctx.status(403);
            LoginRoutes.show(ctx, 403, problem.getMessage(), null, config);
            return;
        }
        SessionAuth.set(ctx, SessionAuth.SESSION_COOKIE, s.sessionId(), (int) Sessions.ABSOLUTE.toSeconds());
        Redirects.to(ctx, pending.next(), HttpStatus.SEE_OTHER);
    }

    private void refuse(Context ctx, int status, String messageKey) {
        LoginRoutes.show(ctx, status, Pages.page(ctx).t(messageKey), null, config);
    }

    /** Thrown for any answer of the provider that does not prove who signed in. */
    private static final class RefusedToken extends Exception {
        RefusedToken(String why, Throwable cause) {
            super(why, cause);
        }
    }

    /** Redeems the code (with the PKCE verifier) and checks the ID token; what it vouches for. */
    private ExternalSignIn.Identity verified(Context ctx, SignInProvider p, IdentityStore.Pending pending) throws RefusedToken {
        Discovered d = discover(p);
        try {
            TokenRequest request = new TokenRequest(d.metadata().getTokenEndpointURI(),
                    new ClientSecretBasic(new ClientID(p.clientId()), new Secret(p.clientSecret())),
                    new AuthorizationCodeGrant(new AuthorizationCode(ctx.queryParam("code")), redirectUri(ctx, p),
                            new CodeVerifier(pending.verifier())));
            HTTPRequest http = request.toHTTPRequest();
            http.setConnectTimeout(TIMEOUT_MS);
            http.setReadTimeout(TIMEOUT_MS);
            TokenResponse answer = OIDCTokenResponseParser.parse(http.send());
            if (!answer.indicatesSuccess()) {
                throw new RefusedToken("the provider refused the code: " + answer.toErrorResponse().getErrorObject(), null);
            }
            var token = ((OIDCTokenResponse) answer.toSuccessResponse()).getOIDCTokens().getIDToken();
            IDTokenClaimsSet claims = d.validator().validate(token, new Nonce(pending.nonce()));
            return new ExternalSignIn.Identity(claims.getIssuer().getValue(), claims.getSubject().getValue(),
                    claims.getStringClaim("name"), claims.getStringClaim("email"), claims.getStringClaim("preferred_username"));
        } catch (RefusedToken e) {
            throw e;
        } catch (Exception e) {
            throw new RefusedToken(e.getMessage(), e);
        }
    }

    /** The provider's metadata and key set, read from its discovery document and kept for an hour. */
    private Discovered discover(SignInProvider p) {
        Discovered d = discovered.get(p.id());
        if (d != null && d.at().plus(METADATA_TTL).isAfter(Instant.now())) {
            return d;
        }
        try {
            OIDCProviderMetadata m = OIDCProviderMetadata.resolve(new Issuer(p.issuer()), TIMEOUT_MS, TIMEOUT_MS);
            JWSAlgorithm alg = m.getIDTokenJWSAlgs() == null || m.getIDTokenJWSAlgs().isEmpty()
                    || m.getIDTokenJWSAlgs().contains(JWSAlgorithm.RS256) ? JWSAlgorithm.RS256 : m.getIDTokenJWSAlgs().get(0);
            if (!JWSAlgorithm.Family.SIGNATURE.contains(alg)) {
                throw new IllegalStateException("ID tokens signed with " + alg + " are not accepted");
            }
            var validator = new IDTokenValidator(m.getIssuer(), new ClientID(p.clientId()), alg, m.getJWKSetURI().toURL());
            validator.setMaxClockSkew(60);
            d = new Discovered(m, validator, Instant.now());
            discovered.put(p.id(), d);
            return d;
        } catch (Exception e) {
            // the operator needs the cause (wrong issuer, TLS, DNS); the person signing in does not
            LOG.warn("sign-in provider {} ({}): discovery failed: {}", p.id(), p.issuer(), e.toString());
            throw new Problem(Problem.Type.UNAVAILABLE, p.label() + " cannot be reached for sign-in just now; try again later or"
                    + " sign in with a password", List.of());
        }
    }

    private URI redirectUri(Context ctx, SignInProvider p) {
        String base = config.publicUrl() != null ? config.publicUrl()
                : (SessionAuth.secure(ctx) ? "https" : "http") + "://" + ctx.host();
        return URI.create(base + "/login/oidc/" + p.id() + "/callback");
    }
}
