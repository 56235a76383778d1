package org.matdx.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.matdx.access.SignInProvider;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;

/**
 * The OpenID Connect providers people may sign in with: the file {@code MATDX_SIGN_IN} names (or
 * {@code <data-dir>/sign-in.json}), written by the operator (docs/access.md). Client secrets are
 * read from the environment variable or the secret file each provider names, never from this file. A file that is wrong
 * stops the start with a sentence naming the field, since a hub whose sign-in silently fell back to
 * something else would be worse; no file means password sign-in only.
 *
 * @param providers the providers, in the order the sign-in page lists them
 * @param publicUrl the hub's address as browsers reach it (for the redirect URI registered with
 *                  each provider); null to take it from each request
 */
public record SignInConfig(List<SignInProvider> providers, String publicUrl) {
    public static final SignInConfig NONE = new SignInConfig(List.of(), null);
    private static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,31}$");

    public SignInConfig {
        providers = List.copyOf(providers);
    }

    public Optional<SignInProvider> provider(String id) {
        return providers.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The configuration for a platform whose data directory is {@code dataDir}. */
    public static SignInConfig load(Path dataDir) {
        String named = System.getenv("MATDX_SIGN_IN");
        Path file = named != null && !named.isBlank() ? Path.of(named) : dataDir.resolve("sign-in.json");
        if (!Files.exists(file)) {
            if (named != null && !named.isBlank()) {
                throw new IllegalStateException("MATDX_SIGN_IN names " + file + ", which does not exist");
            }
            return NONE;
        }
        try {
            return parse(Files.readString(file), file.toString(), System::getenv);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static SignInConfig parse(String text, String file, Function<String, String> env) {
        JsonNode root;
        try {
            root = Json.readUntrusted(text, file);
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + ": not JSON (" + e.getMessage() + ")");
        }
        List<SignInProvider> out = new ArrayList<>();
        JsonNode list = root.path("providers");
        if (!list.isArray()) {
            throw new IllegalStateException(file + ": \"providers\" must be a list");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String at = file + ": providers[" + i + "]";
            String id = text(p, "id", at);
            if (!ID.matcher(id).matches()) {
                throw new IllegalStateException(at + ".id: 1-32 lower-case letters, digits or '-'");
            }
            if (out.stream().anyMatch(o -> o.id().equals(id))) {
                throw new IllegalStateException(at + ".id: '" + id + "' is listed twice");
            }
            String issuer = text(p, "issuer", at);
            if (!issuer.startsWith("https://") && !issuer.startsWith("http://127.0.0.1") && !issuer.startsWith("http://localhost")) {
                throw new IllegalStateException(at + ".issuer: must be an https:// URL (plain http only on this machine)");
            }
            String secret;
            if (p.has("client_secret_file")) {
                // a mounted secret (Kubernetes, systemd credentials): read once, never logged
                Path f = Path.of(text(p, "client_secret_file", at));
                try {
                    secret = Files.readString(f).strip();
                } catch (IOException e) {
                    throw new IllegalStateException(at + ".client_secret_file: cannot read " + f + " (" + e.getMessage() + ")");
                }
            } else {
                String secretVar = text(p, "client_secret_env", at);
                secret = env.apply(secretVar);
                if (secret == null || secret.isBlank()) {
                    throw new IllegalStateException(at + ".client_secret_env: the environment variable " + secretVar + " is not set");
                }
            }
            if (secret.isEmpty()) {
                throw new IllegalStateException(at + ": the client secret is empty");
            }
            List<String> scopes = new ArrayList<>();
            p.path("scopes").forEach(s -> scopes.add(s.asString()));
            boolean orcid = p.path("orcid").asBoolean(issuer.matches("^https://(sandbox\\.)?orcid\\.org/?$"));
            out.add(new SignInProvider(id, p.path("label").asString(id), issuer, text(p, "client_id", at),
                    secret, scopes, orcid, p.path("create_accounts").asBoolean(false)));
        }
        JsonNode url = root.get("public_url");
        return new SignInConfig(out, url == null || url.isNull() ? null : url.asString().replaceFirst("/$", ""));
    }

    private static String text(JsonNode p, String name, String at) {
        JsonNode v = p.get(name);
        if (v == null || !v.isString() || v.asString().isBlank()) {
            throw new IllegalStateException(at + "." + name + ": required text");
        }
        return v.asString().strip();
    }
}
