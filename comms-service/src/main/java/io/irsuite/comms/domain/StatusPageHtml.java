package io.irsuite.comms.domain;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The public status page as one small self-contained HTML document: inline CSS, no script, no link, every
 * value escaped. It renders a {@link StatusPage} only, so it can show nothing the public view does not hold.
 */
public final class StatusPageHtml {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private StatusPageHtml() {
    }

    public static String render(StatusPage page) {
        StringBuilder h = new StringBuilder(16384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>System status</title><style>")
                .append("body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}")
                .append(".banner{padding:1rem;border-radius:.5rem;font-weight:600}")
                .append(".operational{background:#3ba55c}.under_maintenance{background:#3b82f6}")
                .append(".degraded_performance{background:#f5c518}.partial_outage{background:#f08c2e}")
                .append(".major_outage{background:#e03e3e}.no_data{background:#d6d6d6}")
                .append(".banner.operational{background:#e6f4ea}.banner.under_maintenance{background:#dbeafe}")
                .append(".banner.degraded_performance{background:#fff4d6}.banner.partial_outage{background:#ffe2c7}")
                .append(".banner.major_outage{background:#fbd5d5}")
                .append(".component{padding:.6rem 0;border-bottom:1px solid #eee}.row{display:flex;justify-content:space-between}")
                .append(".st{font-size:.9em;padding:0 .4rem;border-radius:.3rem;color:#fff}")
                .append(".bar{display:flex;gap:1px;margin:.4rem 0 .2rem;height:1.6rem}.bar span{flex:1;border-radius:1px}")
                .append(".legend{display:flex;justify-content:space-between;color:#666;font-size:.8em}")
                .append(".group{margin:1rem 0}.group h3{margin:.4rem 0}")
                .append(".incident,.maintenance{border:1px solid #ddd;border-radius:.5rem;padding:.5rem 1rem;margin:1rem 0}")
                .append(".update{margin:.5rem 0}.when{color:#666;font-size:.9em}")
                .append("</style></head><body>\n");
        h.append("<h1>System status</h1>\n<div class=\"banner ").append(esc(page.status())).append("\">")
                .append(esc(page.description())).append("</div>\n");

        if (!page.maintenances().isEmpty()) {
            h.append("<h2>Scheduled maintenance</h2>\n");
            for (StatusPage.ScheduledMaintenance m : page.maintenances()) {
                h.append("<div class=\"maintenance\"><h3>").append(esc(m.title())).append("</h3><p><strong>")
                        .append(Maintenance.IN_PROGRESS.equals(m.status()) ? "In progress" : "Scheduled")
                        .append("</strong> · ").append(esc(TIME.format(m.from()))).append(" to ")
                        .append(esc(TIME.format(m.to()))).append(" · ").append(esc(String.join(", ", m.components())))
                        .append("</p>");
                if (m.description() != null && !m.description().isBlank()) {
                    h.append("<p>").append(esc(m.description())).append("</p>");
                }
                h.append("</div>\n");
            }
        }

        h.append("<h2>Components</h2>\n");
        if (page.components().isEmpty()) {
            h.append("<p>No components are published yet.</p>\n");
        }
        Map<String, List<StatusPage.Component>> groups = new LinkedHashMap<>();
        for (StatusPage.Component c : page.components()) {
            if (c.group() == null) {
                component(h, c);
            } else {
                groups.computeIfAbsent(c.group(), g -> new ArrayList<>()).add(c);
            }
        }
        for (Map.Entry<String, List<StatusPage.Component>> g : groups.entrySet()) {
            ComponentStatus worst = ComponentStatus.operational;
            for (StatusPage.Component c : g.getValue()) {
                worst = ComponentStatus.worst(worst, ComponentStatus.parse(c.status()).orElse(ComponentStatus.operational));
            }
            h.append("<div class=\"group\"><h3>").append(esc(g.getKey())).append(" <span class=\"st ")
                    .append(worst.name()).append("\">").append(esc(worst.words())).append("</span></h3>\n");
            for (StatusPage.Component c : g.getValue()) {
                component(h, c);
            }
            h.append("</div>\n");
        }

        h.append("<h2>Incidents</h2>\n");
        if (page.incidents().isEmpty()) {
            h.append("<p>No incidents reported.</p>\n");
        }
        for (StatusPage.Incident i : page.incidents()) {
            h.append("<div class=\"incident\"><h3>").append(esc(i.title())).append("</h3><p><strong>")
                    .append(esc(capitalized(i.status()))).append("</strong> · impact: ").append(esc(i.impact()))
                    .append(" · ").append(esc(String.join(", ", i.components())));
            if (i.startedAt() != null) {
                h.append(" · since ").append(esc(TIME.format(i.startedAt())));
            }
            if (i.resolvedAt() != null) {
                h.append(" · resolved ").append(esc(TIME.format(i.resolvedAt())));
            }
            h.append("</p>\n");
            for (int k = i.updates().size() - 1; k >= 0; k--) {
                StatusPage.Update u = i.updates().get(k);
                h.append("<div class=\"update\"><span class=\"when\">").append(esc(TIME.format(u.at())))
                        .append(" · ").append(esc(capitalized(u.status()))).append("</span><br>").append(esc(u.text()))
                        .append("</div>\n");
            }
            h.append("</div>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void component(StringBuilder h, StatusPage.Component c) {
        String words = ComponentStatus.parse(c.status()).map(ComponentStatus::words).orElse(c.status());
        h.append("<div class=\"component\"><div class=\"row\"><span>").append(esc(c.displayName()))
                .append("</span><span class=\"st ").append(esc(c.status())).append("\">").append(esc(words))
                .append("</span></div>");
        Uptime u = c.uptime();
        if (u != null && !u.days().isEmpty()) {
            h.append("<div class=\"bar\">");
            for (Uptime.Day d : u.days()) {
                String dayWords = ComponentStatus.parse(d.status()).map(ComponentStatus::words).orElse("No data");
                h.append("<span class=\"").append(esc(d.status())).append("\" title=\"").append(d.date()).append(": ")
                        .append(esc(dayWords));
                if (d.uptimePercent() != null) {
                    h.append(", ").append(d.uptimePercent().toPlainString()).append("% uptime");
                }
                h.append("\"></span>");
            }
            h.append("</div><div class=\"legend\"><span>").append(u.days().size()).append(" days ago</span><span>")
                    .append(u.percent().toPlainString()).append("% uptime</span><span>Today</span></div>");
        }
        h.append("</div>\n");
    }

    private static String capitalized(String word) {
        return word == null || word.isEmpty() ? "" : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
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
