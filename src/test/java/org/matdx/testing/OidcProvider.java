package org.matdx.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small OpenID Connect provider on loopback for tests of sign-in with ORCID or single sign-on:
 * discovery, an authorization endpoint that signs in whoever {@link #next} says (the person at the
 * provider's own login page), a token endpoint that checks the client secret, the one-time code,
 * the redirect URI and the PKCE verifier, and RS256 ID tokens from a key published at its JWKS
 * URI. {@link #tamper} makes it answer as a broken or hostile provider would. It is the external
 * party of the protocol, written for the tests with the same JOSE library; MatDX's side is real.
 */
public final class OidcProvider implements AutoCloseable {
    /** Who signs in at the provider next. */
    public record Person(String subject, String name, String email, String preferredUsername) {
    }

    /** Ways to spoil the next ID token. */
    public enum Tamper {
        NONE, FOREIGN_KEY, WRONG_AUDIENCE, WRONG_NONCE, EXPIRED, WRONG_ISSUER, NO_SIGNATURE
    }

    private record Grant(Person person, String clientId, String redirectUri, String nonce, String challenge) {
    }

    private final HttpServer server;
    private final RSAKey key;
    private final RSAKey foreign;
    private final String clientId;
    private final String secret;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    public volatile Person next;
    public volatile Tamper tamper = Tamper.NONE;

    public OidcProvider(String clientId, String secret) throws Exception {
        this.clientId = clientId;
        this.secret = secret;
        this.key = new RSAKeyGenerator(2048).keyID("k1").generate();
        this.foreign = new RSAKeyGenerator(2048).keyID("k1").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/openid-configuration", x -> json(x, 200, """
                {"issuer": "%1$s", "authorization_endpoint": "%1$s/authorize", "token_endpoint": "%1$s/token",
                 "jwks_uri": "%1$s/jwks", "response_types_supported": ["code"], "subject_types_supported": ["public"],
                 "id_token_signing_alg_values_supported": ["RS256"], "code_challenge_methods_supported": ["S256"]}"""
                .formatted(issuer())));
        server.createContext("/jwks", x -> json(x, 200, new JWKSet(key.toPublicJWK()).toString()));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = form(x.getRequestURI().getRawQuery());
        if (!clientId.equals(q.get("client_id")) || !"code".equals(q.get("response_type")) || !"S256".equals(q.get("code_challenge_method"))
                || next == null) {
            json(x, 400, "{\"error\": \"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(next, q.get("client_id"), q.get("redirect_uri"), q.get("nonce"), q.get("code_challenge")));
        redirect(x, q.get("redirect_uri") + "?code=" + code + "&state=" + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
    }

    private void token(HttpExchange x) throws IOException {
        String basic = x.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        Map<String, String> f = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant g = codes.remove(f.getOrDefault("code", ""));
        if (!expected.equals(basic)) {
            json(x, 401, "{\"error\": \"invalid_client\"}");
            return;
        }
        if (g == null || !g.redirectUri().equals(f.get("redirect_uri")) || !"authorization_code".equals(f.get("grant_type"))
                || !g.challenge().equals(s256(f.getOrDefault("code_verifier", "")))) {
            json(x, 400, "{\"error\": \"invalid_grant\"}");
            return;
        }
        try {
            Date now = new Date();
            JWTClaimsSet.Builder c = new JWTClaimsSet.Builder()
                    .issuer(tamper == Tamper.WRONG_ISSUER ? "https://evil.example" : issuer())
                    .subject(g.person().subject())
                    .audience(tamper == Tamper.WRONG_AUDIENCE ? "another-client" : g.clientId())
                    .issueTime(now)
                    .expirationTime(new Date(now.getTime() + (tamper == Tamper.EXPIRED ? -600_000 : 300_000)))
                    .claim("nonce", tamper == Tamper.WRONG_NONCE ? "not-the-nonce" : g.nonce());
            if (g.person().name() != null) {
                c.claim("name", g.person().name());
            }
            if (g.person().email() != null) {
                c.claim("email", g.person().email());
            }
            if (g.person().preferredUsername() != null) {
                c.claim("preferred_username", g.person().preferredUsername());
            }
            String idToken;
            if (tamper == Tamper.NO_SIGNATURE) {
                idToken = new com.nimbusds.jwt.PlainJWT(c.build()).serialize();
            } else {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT).build(),
                        c.build());
                jwt.sign(new RSASSASigner(tamper == Tamper.FOREIGN_KEY ? foreign : key));
                idToken = jwt.serialize();
            }
            json(x, 200, "{\"access_token\": \"" + UUID.randomUUID() + "\", \"token_type\": \"Bearer\", \"expires_in\": 300,"
                    + " \"id_token\": \"" + idToken + "\"}");
        } catch (Exception e) {
            json(x, 500, "{\"error\": \"server_error\"}");
        }
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1),
                            StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void json(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    private static void redirect(HttpExchange x, String to) throws IOException {
        x.getResponseHeaders().set("Location", to);
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
