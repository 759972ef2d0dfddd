package io.irsuite.comms.domain.paging;

import io.irsuite.comms.domain.StatusPageHtml;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The small HTML pages of the acknowledge link: a GET only shows a button that POSTs (mail scanners and chat
 * unfurlers fetch links and must not acknowledge), the POST's answer to a browser, and errors for browsers. They
 * show the incident's title and nothing else of the incident; every value is escaped, no script, no outside link.
 */
public final class AckPageHtml {

    /** Sent with every page: nothing loaded from elsewhere, no framing, forms only to comms itself. */
    public static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:3em auto;max-width:34em;"
            + "padding:0 1em;color:#222}button{font-size:1.1em;padding:.6em 1.4em;cursor:pointer}"
            + ".note{color:#555;font-size:.9em}";

    private AckPageHtml() {
    }

    /** The confirmation page: the form posts to the same link (relative, so it works behind a path prefix). */
    public static String confirm(String incidentTitle, String token) {
        String action = "ack?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return page("Acknowledge this page?",
                "<h1>Acknowledge this page?</h1>"
                        + "<p>Incident: <strong>" + StatusPageHtml.esc(incidentTitle) + "</strong></p>"
                        + "<form method=\"post\" action=\"" + StatusPageHtml.esc(action) + "\">"
                        + "<button type=\"submit\">Acknowledge</button></form>"
                        + "<p class=\"note\">Acknowledging tells everyone you are on it and stops the escalation: "
                        + "nobody else is paged for it. The link works once.</p>");
    }

    /** The answer to a browser's POST: acknowledged now, or the escalation had already ended. */
    public static String acknowledged(String incidentTitle, String by, boolean stoppedNow) {
        String what = stoppedNow ? "The escalation is stopped: nobody else will be paged for it."
                : "The escalation had already ended; your acknowledgement is recorded.";
        return page("Acknowledged", "<h1>Acknowledged</h1>"
                + "<p>Incident: <strong>" + StatusPageHtml.esc(incidentTitle) + "</strong></p>"
                + "<p>Acknowledged by " + StatusPageHtml.esc(by) + ". " + what + "</p>");
    }

    /** An error for a browser: what went wrong, nothing about the page or the incident. */
    public static String error(String heading, String detail) {
        return page(heading, "<h1>" + StatusPageHtml.esc(heading) + "</h1><p>" + StatusPageHtml.esc(detail) + "</p>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"robots\" content=\"noindex, nofollow\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + StatusPageHtml.esc(title) + "</title><style>" + STYLE + "</style></head><body><main>"
                + body + "</main></body></html>";
    }
}
