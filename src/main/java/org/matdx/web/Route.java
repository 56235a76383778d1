package org.matdx.web;

/**
 * A registered route: method and path pattern as declared (e.g. {@code GET /api/v1/datasets/{id}}):
 * what {@link WebServer#routes()} lists and {@link OpenApi} describes.
 */
public record Route(String method, String path) {
}
