package org.matdx.access;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.matdx.audit.AuditLog;
import org.matdx.core.Caller;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.store.Database;
import org.matdx.store.IdentityStore;
import org.matdx.store.UserStore;

/**
 * Signing in through an OpenID Connect provider — ORCID, or an institution's single sign-on — once
 * the web layer has checked the provider's ID token. The account is found by the provider's
 * subject (issuer + {@code sub}) and nothing else: a name or e-mail address the provider reports
 * never picks an account. The first time, an ORCID iD may also find the account an administrator
 * wrote that iD on (the provider proves the person holds it); otherwise a provider configured to
 * create accounts creates a plain one (no groups, not an administrator), and one that is not
 * refuses with a sentence saying whom to ask.
 */
public final class ExternalSignIn {
    /** How long a sign-in may take between leaving for the provider and coming back. */
    public static final Duration PENDING = Duration.ofMinutes(10);

    /** What the provider vouched for, from its verified ID token. */
    public record Identity(String issuer, String subject, String name, String email, String preferredUsername) {
    }

    private final Database db;
    private final UserStore users;
    private final IdentityStore identities;
    private final Accounts accounts;
    private final Sessions sessions;
    private final AuditLog audit;
    private final Clock clock;

    public ExternalSignIn(Database db, UserStore users, IdentityStore identities, Accounts accounts, Sessions sessions,
                          AuditLog audit, Clock clock) {
        this.db = db;
        this.users = users;
        this.identities = identities;
        this.accounts = accounts;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    public IdentityStore identities() {
        return identities;
    }

    /**
     * A session for the account linked to {@code who} at {@code provider}: found, linked by ORCID iD,
     * or created as the provider's configuration allows. 403 when none may be.
     */
    public Sessions.Started signIn(SignInProvider provider, Identity who, RequestContext context, String userAgent) {
        UUID user = identities.signedIn(who.issuer(), who.subject(), clock.instant())
                .or(() -> provider.createAccounts() ? Optional.of(create(provider, who)) : Optional.empty())
                .orElseThrow(() -> {
                    audit.tally("login.external.unlinked", context);
                    return Problem.forbidden("no MatDX account is linked to this " + provider.label() + " identity"
                            + (provider.orcid() ? " (ORCID iD " + who.subject() + ")" : "") + ": sign in with your password once and"
                            + " choose \"Link " + provider.label() + "\" on your profile page, or ask an administrator for an account");
                });
        Caller.Account caller = accounts.refresh(user, Scope.ADMIN);
        return sessions.start(caller, Json.object().put("method", "oidc").put("provider", provider.id())
                .put("issuer", who.issuer()).put("subject", who.subject()), context, userAgent);
    }

    /**
     * Links {@code who} to the signed-in {@code account} (the person proved both: the session and
     * the provider's token), and for an ORCID provider writes the verified iD on the account. 409 when
     * the identity is already linked to another account.
     */
    public void link(SignInProvider provider, Identity who, Caller.Account account, RequestContext context) {
        Optional<UUID> linked = identities.linkedAccount(who.issuer(), who.subject());
        if (linked.isPresent()) {
            if (!linked.get().equals(account.id())) {
                throw Problem.conflict("this " + provider.label() + " identity is already linked to another MatDX account");
            }
            return;
        }
        db.run(h -> {
            identities.link(h, who.issuer(), who.subject(), account.id(), provider.id(), clock.instant());
            if (provider.orcid() && Orcid.valid(who.subject())) {
                h.createUpdate("UPDATE users SET orcid = :o WHERE id = :id").bind("o", who.subject()).bind("id", account.id()).execute();
            }
            audit.append(h, context.as(account), "user.identity.link", "user", account.id(), Json.object().put("provider", provider.id())
                    .put("issuer", who.issuer()).put("subject", who.subject()));
        });
    }

    /** A new plain account, linked in the same transaction, under a free username made from what the provider says. */
    private UUID create(SignInProvider provider, Identity who) {
        String orcid = provider.orcid() && Orcid.valid(who.subject()) ? who.subject() : null;
        String base = username(who);
        String name = base;
        for (int n = 2; users.byUsername(name).isPresent(); n++) {
            String suffix = "-" + n;
            name = base.substring(0, Math.min(base.length(), 63 - suffix.length())) + suffix;
        }
        String display = who.name() == null || who.name().isBlank() ? name : clip(who.name().strip(), 200);
        String email = who.email() == null || who.email().length() > 254 ? null : who.email();
        User u = new User(Ids.newId(), name, display, email, orcid, false, clock.instant());
        db.run(h -> {
            users.insert(h, u, null);
            identities.link(h, who.issuer(), who.subject(), u.id(), provider.id(), clock.instant());
            audit.append(h, RequestContext.local(Caller.ANONYMOUS), "user.create", "user", u.id(), Json.object().put("username", u.username())
                    .put("admin", false).put("provider", provider.id()).put("subject", who.subject()));
        });
        return u.id();
    }

    /** Lower-case letters, digits, '.', '_' and '-' from the preferred name, the e-mail's local part or the subject. */
    static String username(Identity who) {
        for (String candidate : new String[] {who.preferredUsername(),
                who.email() == null ? null : who.email().replaceFirst("@.*$", ""), who.name(), "user-" + who.subject()}) {
            if (candidate == null) {
                continue;
            }
            String s = Normalizer.normalize(candidate, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT)
                    .replaceAll("\\s+", ".").replaceAll("[^a-z0-9._-]", "").replaceAll("^[._-]+", "");
            if (!s.isEmpty()) {
                return clip(s, 63);
            }
        }
        return "user";
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
