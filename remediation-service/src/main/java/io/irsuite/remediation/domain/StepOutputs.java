package io.irsuite.remediation.domain;

import java.nio.charset.StandardCharsets;

/** How step results read to a responder, and how long they may be. Pure. */
public final class StepOutputs {

    private static final String ELLIPSIS = "…";

    private StepOutputs() {
    }

    /** {@code POST http://x/rollback/shop/auth → 200 in 35 ms}, plus what was expected and a body excerpt on a mismatch. */
    public static String httpResult(String method, String url, int status, long millis, int expected, String body) {
        String line = method + " " + url + " → " + status + " in " + millis + " ms";
        if (status == expected) {
            return line;
        }
        String excerpt = body == null ? "" : body.strip();
        return line + " (expected " + expected + ")" + (excerpt.isEmpty() ? "" : ": " + excerpt);
    }

    public static String httpTimeout(String method, String url, int timeoutSeconds) {
        return method + " " + url + " → no response within " + timeoutSeconds + " s";
    }

    public static String httpError(String method, String url, String error) {
        return method + " " + url + " → failed: " + error;
    }

    /** {@code text} cut to at most {@code maxBytes} UTF-8 bytes (ending in an ellipsis when cut), never splitting a character. */
    public static String truncate(String text, int maxBytes) {
        if (text == null) {
            return null;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int budget = maxBytes - ELLIPSIS.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > budget) {
                break;
            }
            out.appendCodePoint(cp);
            used += size;
            i += Character.charCount(cp);
        }
        return out.append(ELLIPSIS).toString();
    }
}
