package io.irsuite.comms.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmailNotificationTest {

    static final UUID INCIDENT = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    static final UUID DELIVERY = UUID.fromString("00000000-0000-0000-0000-0000000000d1");
    static final Instant AT = Instant.parse("2026-11-22T10:00:05Z");

    static NotificationMessage message(String kind, String title, String text) {
        return new NotificationMessage(INCIDENT, "SEV2", "investigating", kind, text, title, List.of("checkout", "cart"),
                AT, "IncidentOpened");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "initial, [SEV2] Investigating: HighErrorRate on checkout",
            "update, [SEV2] Update: HighErrorRate on checkout",
            "page, [SEV2] Action needed: HighErrorRate on checkout",
            "escalation, [SEV2] Escalation: HighErrorRate on checkout",
            "resolution, [SEV2] Resolved: HighErrorRate on checkout",
            "something-new, [SEV2] Incident: HighErrorRate on checkout"})
    void theSubjectSaysWhatKindOfNotificationItIs(String kind, String subject) {
        assertEquals(subject, EmailNotification.of(message(kind, "HighErrorRate on checkout", "t"), "a@b.example", DELIVERY)
                .subject());
    }

    @Test
    void alertTextCannotBreakOutOfTheSubjectHeader() {
        String title = "Errors\r\nBcc: attacker@evil.example\r\n\r\nfake body\u0000\u2028end";
        EmailNotification mail = EmailNotification.of(message("initial", title, "t"), "oncall@example.com", DELIVERY);
        assertEquals("[SEV2] Investigating: Errors Bcc: attacker@evil.example fake body end", mail.subject());
        assertFalse(mail.subject().chars().anyMatch(Character::isISOControl));
        assertEquals("oncall@example.com", mail.to(), "the recipient is the channel's, never the alert's");
    }

    @Test
    void aLongTitleIsClippedToOneReadableSubject() {
        String subject = EmailNotification.of(message("update", "x".repeat(400), "t"), "a@b.example", DELIVERY).subject();
        assertEquals(150, subject.length());
        assertTrue(subject.endsWith("…"));
    }

    @Test
    void theDeliveryIdIsTheMessageIdAndAHeaderOnEveryCopy() {
        EmailNotification first = EmailNotification.of(message("initial", "T", "t"), "a@b.example", DELIVERY);
        EmailNotification again = EmailNotification.of(message("initial", "T", "t"), "a@b.example", DELIVERY);
        assertEquals(first, again);
        assertEquals("<00000000-0000-0000-0000-0000000000d1@ir-suite>", first.headers().get("Message-ID"));
        assertEquals(DELIVERY.toString(), first.headers().get("X-IR-Delivery-Id"));
        assertEquals(INCIDENT.toString(), first.headers().get("X-IR-Incident-Id"));
    }

    @Test
    void theTextIsTheTemplateFollowedByTheFactsAndTheDeliveryId() {
        String text = EmailNotification.of(message("initial", "HighErrorRate on checkout",
                "[SEV2] Investigating: HighErrorRate on checkout. Impact: checkout affected."), "a@b.example", DELIVERY).text();
        assertEquals("""
                [SEV2] Investigating: HighErrorRate on checkout. Impact: checkout affected.

                Incident: HighErrorRate on checkout
                Id:       00000000-0000-0000-0000-0000000000a1
                Severity: SEV2
                Status:   investigating
                Services: checkout, cart
                At:       2026-11-22T10:00:05Z
                Event:    IncidentOpened

                Delivery 00000000-0000-0000-0000-0000000000d1: a repeat of this message carries the same id (header X-IR-Delivery-Id).
                """, text);
    }

    @Test
    void theHtmlAlternativeEscapesEverything() {
        String html = EmailNotification.of(message("initial", "<script>alert(1)</script>", "a & <b>"), "a@b.example",
                DELIVERY).html();
        assertThat(html, containsString("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertThat(html, containsString("a &amp; &lt;b&gt;"));
        assertThat(html, not(containsString("<script>")));
    }
}
