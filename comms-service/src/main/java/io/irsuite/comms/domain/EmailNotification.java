package io.irsuite.comms.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One notification as an e-mail to one channel's address: subject and plain text from the playbook
 * template (with an HTML alternative), and the delivery id as {@code Message-ID} and
 * {@code X-IR-Delivery-Id}, so a resend after a crash is the same message to the receiver. The recipient is
 * the channel's validated address, never text from an alert; text from alerts only reaches the subject with
 * line breaks and control characters replaced, so it cannot end the header. Pure.
 */
public record EmailNotification(String to, String subject, String text, String html, Map<String, String> headers) {

    public static final String DELIVERY_ID_HEADER = "X-IR-Delivery-Id";
    public static final String INCIDENT_ID_HEADER = "X-IR-Incident-Id";
    private static final int MAX_SUBJECT = 150;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u0085\\u2028\\u2029]+");

    /** The e-mail for {@code message}, delivered as {@code deliveryId} to {@code to}. */
    public static EmailNotification of(NotificationMessage message, String to, UUID deliveryId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Message-ID", messageId(deliveryId));
        headers.put(DELIVERY_ID_HEADER, deliveryId.toString());
        if (message.incidentId() != null) {
            headers.put(INCIDENT_ID_HEADER, message.incidentId().toString());
        }
        return new EmailNotification(to, subject(message), text(message, deliveryId), html(message, deliveryId),
                Map.copyOf(headers));
    }

    /** The RFC 5322 msg-id of a delivery: the same for every attempt of it. */
    public static String messageId(UUID deliveryId) {
        return "<" + deliveryId + "@ir-suite>";
    }

    /** "[SEV2] Investigating: HighErrorRate on checkout", one line. */
    static String subject(NotificationMessage m) {
        String title = Texts.blank(m.title()) ? "incident " + m.incidentId() : m.title();
        String subject = "[" + (Texts.blank(m.severity()) ? "SEV?" : m.severity()) + "] " + lead(m.kind()) + ": "
                + title;
        String line = CONTROL.matcher(subject).replaceAll(" ").replaceAll(" {2,}", " ").strip();
        return line.length() <= MAX_SUBJECT ? line : line.substring(0, MAX_SUBJECT - 1) + "…";
    }

    private static String lead(String kind) {
        NotificationKind k;
        try {
            k = NotificationKind.valueOf(kind);
        } catch (RuntimeException e) {
            return "Incident";
        }
        return switch (k) {
            case initial -> "Investigating";
            case update -> "Update";
            case page -> "Action needed";
            case escalation -> "Escalation";
            case resolution -> "Resolved";
            case handoff -> "You are now incident commander";
        };
    }

    private static List<String[]> facts(NotificationMessage m) {
        return List.of(
                new String[] {"Incident", Texts.blank(m.title()) ? "" : m.title()},
                new String[] {"Id", String.valueOf(m.incidentId())},
                new String[] {"Severity", nullToEmpty(m.severity())},
                new String[] {"Status", nullToEmpty(m.status())},
                new String[] {"Services", m.services() == null ? "" : String.join(", ", m.services())},
                new String[] {"At", m.at() == null ? "" : m.at().toString()},
                new String[] {"Event", nullToEmpty(m.eventType())});
    }

    static String text(NotificationMessage m, UUID deliveryId) {
        StringBuilder b = new StringBuilder(nullToEmpty(m.text())).append("\n\n");
        for (String[] f : facts(m)) {
            b.append(String.format("%-9s %s", f[0] + ":", f[1])).append("\n");
        }
        return b.append("\n").append(footer(deliveryId)).append("\n").toString();
    }

    static String html(NotificationMessage m, UUID deliveryId) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><body><p>")
                .append(StatusPageHtml.esc(nullToEmpty(m.text()))).append("</p><table>");
        for (String[] f : facts(m)) {
            b.append("<tr><th align=\"left\">").append(StatusPageHtml.esc(f[0])).append("</th><td>")
                    .append(StatusPageHtml.esc(f[1])).append("</td></tr>");
        }
        return b.append("</table><p><small>").append(StatusPageHtml.esc(footer(deliveryId)))
                .append("</small></p></body></html>").toString();
    }

    private static String footer(UUID deliveryId) {
        return "Delivery " + deliveryId + ": a repeat of this message carries the same id (header "
                + DELIVERY_ID_HEADER + ").";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
