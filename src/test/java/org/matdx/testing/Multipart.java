package org.matdx.testing;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Builds multipart/form-data bodies for upload tests (fields and files), as browsers and curl send them. */
public final class Multipart {
    private final String boundary = "matdx-" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    public Multipart field(String name, String value) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
        write(value);
        write("\r\n");
        return this;
    }

    public Multipart file(String name, String fileName, byte[] content) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(content);
        write("\r\n");
        return this;
    }

    public Multipart file(String name, String fileName, String content) {
        return file(name, fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The Content-Type header that goes with {@link #bytes()}. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The whole form, closing boundary included. */
    public byte[] bytes() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(body.toByteArray());
        all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return all.toByteArray();
    }

    /** A POST request builder carrying the form. */
    public HttpRequest.Builder post(ApiClient api, String path) {
        return api.request(path).header("Content-Type", contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(bytes()));
    }

    public ApiClient.Response send(ApiClient api, String path) {
        return api.send(post(api, path));
    }

    private void write(String s) {
        body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
