-- Sign-in through an OpenID Connect provider (ORCID, an institution's SSO; issue 29). An account is
-- linked to the provider's subject (issuer + sub), never to a name or e-mail address the provider
-- merely reports. A sign-in in progress keeps its state, nonce and PKCE verifier here (by the hash
-- of the state), so that any server of a cluster can finish it, and each is used once.
CREATE TABLE external_identities (
    issuer          text NOT NULL,
    subject         text NOT NULL,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider        text NOT NULL,
    created_at      timestamptz NOT NULL,
    last_sign_in_at timestamptz NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX external_identities_user ON external_identities (user_id);
COMMENT ON TABLE external_identities IS
    'Accounts linked to an OpenID Connect provider''s subject (issuer + sub): how ORCID and institutional sign-in find the MatDX account.';

CREATE TABLE external_sign_ins (
    state_hash  bytea PRIMARY KEY,
    provider    text NOT NULL,
    nonce       text NOT NULL,
    verifier    text NOT NULL,
    next        text,
    -- set when a signed-in person asked to link an identity to their account, not to sign in
    link_user   uuid REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX external_sign_ins_expiry ON external_sign_ins (expires_at);
COMMENT ON TABLE external_sign_ins IS
    'Sign-ins through an OpenID Connect provider under way: state (by its hash), nonce and PKCE verifier, each used once and kept 10 minutes.';
