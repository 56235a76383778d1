package org.matdx.web.ui;

/**
 * A "sign in with …" link on the sign-in page, or a "link …" form on the profile page, one per
 * OpenID Connect provider configured.
 */
public record SignInButton(String label, String href, boolean orcid, String provider) {
}
