package io.irsuite.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.0 exchange on a connection of its own, closed by the server after its answer (no
 * keep-alive, no chunked body), so that each request is a new connection for the front.
 */
record Answer(int status, String body) {

    /** Whether the process at {@code baseUrl} answers its readiness probe with 200 (false while it does not listen). */
    static boolean ready(String baseUrl) {
        try {
            return of("GET", baseUrl + "/q/health/ready", null, null).status() == 200;
        } catch (IOException notListening) {
            return false;
        }
    }

    static Answer of(String method, String url, String token, String json) throws IOException {
        URI uri = URI.create(url);
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(uri.getRawPath())
                .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.0\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (json != null) {
            head.append("Content-Type: application/json\r\n").append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/") || end < 0) {
                throw new IOException(method + " " + url + ": no HTTP answer: '" + response + "'");
            }
            return new Answer(Integer.parseInt(response.split(" ", 3)[1]), response.substring(end + 4));
        }
    }
}
