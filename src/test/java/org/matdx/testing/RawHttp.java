package org.matdx.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written byte by byte over a socket, for requests no well-behaved client would send:
 * invalid UTF-8 in the path, bare {@code %} escapes, huge or malformed headers, wrong framing.
 * Every request asks the server to close the connection, so the answer ends where the stream ends.
 */
public final class RawHttp {
    private final String host;
    private final int port;
    private final String localAddress;

    public RawHttp(String host, int port, String localAddress) {
        this.host = host;
        this.port = port;
        this.localAddress = localAddress;
    }

    /** An answer: status (0 when the server closed without one), headers (lower-case names), body bytes as text. */
    public record Answer(int status, Map<String, String> headers, String body, long millis) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and {@code body}. */
    public Answer send(byte[] head, byte[] body) {
        Answer a = sendOnce(head, body);
        if (a.status() == 0 && RESET.equals(a.body())) {
            // A server that refuses a request before reading all of it answers and closes; the bytes it
            // left unread make the kernel reset the connection, and a reset can reach this socket before
            // the answer is read, which then is lost (seen once in CI). Asked again: a server that
            // really closes without an answer does so again.
            a = sendOnce(head, body);
        }
        return a;
    }

    /** The body of an answer lost to a connection reset before any byte of it was read. */
    private static final String RESET = "(connection reset before any answer was read)";

    private Answer sendOnce(byte[] head, byte[] body) {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            if (localAddress != null) {
                s.bind(new InetSocketAddress(localAddress, 0));
            }
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(head);
                out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException closedEarly) {
                // the server may answer and close before reading a head or body it refuses (a 100 KiB URL gets
                // its 414 while the rest is still being sent: "Broken pipe"); the answer is what counts
            }
            return read(s, start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request from its parts; {@code body} may be null. Adds Host, Connection: close and Content-Length. */
    public Answer request(String method, String target, Map<String, String> headers, byte[] body) {
        return send(head(method, target.getBytes(StandardCharsets.ISO_8859_1), headers, body), body);
    }

    /** The request line and headers with a target given as raw bytes (e.g. invalid UTF-8). */
    public byte[] head(String method, byte[] target, Map<String, String> headers, byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(target);
        b.writeBytes(" HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", host + ":" + port);
        all.put("Connection", "close");
        if (body != null) {
            all.put("Content-Length", String.valueOf(body.length));
        }
        all.putAll(headers);
        StringBuilder h = new StringBuilder();
        all.forEach((k, v) -> {
            if (v != null) {
                h.append(k).append(": ").append(v).append("\r\n");
            }
        });
        h.setLength(h.length() - 2);
        b.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    private static Answer read(Socket s, long start) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            s.setSoTimeout(20_000);
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException silent) {
                // no byte in 20 s: record what every thread of this JVM (the server runs in it) is doing, then wait on
                ThreadDumps.write("no answer within 20 s to a request sent " + (System.nanoTime() - start) / 1_000_000 + " ms ago");
                s.setSoTimeout(30_000);
                n = in.read(buf);
            }
            while (n >= 0 && all.size() < 4_000_000) {
                all.write(buf, 0, n);
                n = in.read(buf);
            }
        } catch (SocketTimeoutException e) {
            // what arrived is the answer
        } catch (java.net.SocketException e) {
            if (all.size() == 0) {
                return new Answer(0, Map.of(), RESET, (System.nanoTime() - start) / 1_000_000);
            }
            // what arrived is the answer
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/") || end < 0) {
            return new Answer(0, Map.of(), text, millis);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip(),
                        (a, c) -> a + ", " + c);
            }
        }
        byte[] raw = text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
        return new Answer(status, headers, new String(raw, StandardCharsets.UTF_8), millis);
    }
}
