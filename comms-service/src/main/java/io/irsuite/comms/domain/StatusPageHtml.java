package io.irsuite.comms.domain;

import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

/** The status page as one small self-contained HTML document: inline CSS, no script, every value escaped. */
public final class StatusPageHtml {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private StatusPageHtml() {
    }

    public static String render(StatusPage page) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>System status</title><style>")
                .append("body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#222}")
                .append(".banner{padding:1rem;border-radius:.5rem;font-weight:600}")
                .append(".operational{background:#e6f4ea}.degraded,.degraded_performance{background:#fff4d6}")
                .append(".partial_outage{background:#ffe2c7}.major_outage{background:#fbd5d5}")
                .append("table{width:100%;border-collapse:collapse}td{padding:.4rem;border-bottom:1px solid #eee}")
                .append(".incident{border:1px solid #ddd;border-radius:.5rem;padding:.5rem 1rem;margin:1rem 0}")
                .append(".update{margin:.5rem 0}.when{color:#666;font-size:.9em}")
                .append("</style></head><body>\n");
        h.append("<h1>System status</h1>\n<div class=\"banner ").append(esc(page.status())).append("\">")
                .append(esc(overallText(page.status()))).append("</div>\n");
        h.append("<h2>Components</h2>\n");
        if (page.components().isEmpty()) {
            h.append("<p>No components registered.</p>\n");
        } else {
            h.append("<table>\n");
            for (StatusPage.Component c : page.components()) {
                h.append("<tr><td>").append(esc(c.name())).append("</td><td class=\"").append(esc(c.status()))
                        .append("\">").append(esc(c.status().replace('_', ' '))).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<h2>Incidents</h2>\n");
        if (page.incidents().isEmpty()) {
            h.append("<p>No incidents reported.</p>\n");
        }
        for (StatusPage.Incident i : page.incidents()) {
            h.append("<div class=\"incident\"><h3>").append(esc(i.title())).append("</h3><p><strong>")
                    .append(esc(i.status())).append("</strong>");
            if (i.severity() != null) {
                h.append(" · ").append(esc(i.severity()));
            }
            if (!i.services().isEmpty()) {
                h.append(" · ").append(esc(String.join(", ", i.services())));
            }
            if (i.startedAt() != null) {
                h.append(" · since ").append(esc(TIME.format(i.startedAt())));
            }
            h.append("</p>\n");
            for (int k = i.updates().size() - 1; k >= 0; k--) {
                StatusPage.Update u = i.updates().get(k);
                h.append("<div class=\"update\"><span class=\"when\">").append(esc(TIME.format(u.at())))
                        .append(" · ").append(esc(u.status())).append("</span><br>").append(esc(u.text()))
                        .append("</div>\n");
            }
            h.append("</div>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    static String overallText(String status) {
        return switch (status) {
            case "operational" -> "All systems operational";
            case "major_outage" -> "Major outage";
            case "partial_outage" -> "Partial outage";
            default -> "Degraded service";
        };
    }

    /** HTML-escapes text for element content and double-quoted attributes. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
