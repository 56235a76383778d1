package org.matdx.web.ui;

/** A "sign in with …" link on the sign-in page, one per OpenID Connect provider configured. */
public record SignInButton(String label, String href, boolean orcid) {
}
