package org.matdx.access;

import java.util.List;

/**
 * An OpenID Connect provider people may sign in with, as the operator configured it
 * (docs/access.md, "Sign-in with ORCID or single sign-on").
 *
 * @param id             short name in URLs ({@code /login/oidc/orcid})
 * @param label          what the sign-in button says ("ORCID", "University SSO")
 * @param issuer         the issuer URL; its {@code /.well-known/openid-configuration} is read
 * @param clientId       the client this hub registered with the provider
 * @param clientSecret   its secret (from the environment variable the configuration names)
 * @param scopes         scopes asked for besides {@code openid}
 * @param orcid          the provider is ORCID: its subjects are ORCID iDs
 * @param createAccounts whether a person with no account gets a plain one at the first sign-in
 */
public record SignInProvider(String id, String label, String issuer, String clientId, String clientSecret, List<String> scopes,
                             boolean orcid, boolean createAccounts) {
    public SignInProvider {
        scopes = List.copyOf(scopes);
    }
}
