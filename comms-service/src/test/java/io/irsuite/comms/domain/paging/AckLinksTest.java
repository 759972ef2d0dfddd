package io.irsuite.comms.domain.paging;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AckLinksTest {

    static final UUID PAGE = UUID.fromString("6f1c1c9e-9a3e-4a55-9d3c-1f2f6d3b5a10");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Acknowledge: http://x/api/v1/pages/p/ack?token=AbC-_9z (one use) | Acknowledge: http://x/api/v1/pages/p/ack?token=<redacted> (one use)",
            "two: /ack?token=aa and /ack?token=bb. | two: /ack?token=<redacted> and /ack?token=<redacted>.",
            "already /ack?token=<redacted> here | already /ack?token=<redacted> here",
            "no link, token=abc only | no link, token=abc only"})
    void redactsEveryTokenOfAnAcknowledgeLink(String text, String expected) {
        assertEquals(expected, AckLinks.redact(text));
    }

    @Test
    void theStoredLinkNamesThePageAndHidesTheToken() {
        assertEquals("https://ir.example.com/api/v1/pages/" + PAGE + "/ack?token=<redacted>",
                AckLinks.link("https://ir.example.com/", PAGE, AckLinks.REDACTED));
        assertTrue(AckLinks.link("http://h:8084", PAGE, "tok").endsWith(AckLinks.TOKEN_PREFIX + "tok"));
        assertTrue(AckLinks.link("http://h", PAGE, AckLinks.REDACTED).endsWith(AckLinks.STORED));
    }

    @Test
    void theConfirmationPageShowsTheTitleEscapedAndABUttonThatPosts() {
        String html = AckPageHtml.confirm("<img src=x onerror=alert(1)> & \"co\"", "AbC-_9z");
        assertTrue(html.contains("<form method=\"post\" action=\"ack?token=AbC-_9z\">"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;co&quot;"), html);
        assertFalse(html.contains("<img") || html.contains("<script") || html.contains("http"), html);
        assertTrue(AckPageHtml.error("Link not valid", "<b>").contains("&lt;b&gt;"));
        assertTrue(AckPageHtml.acknowledged("t", "bob", true).contains("Acknowledged by bob. The escalation is stopped"));
        assertTrue(AckPageHtml.acknowledged("t", "bob", false).contains("had already ended"));
    }

    @Test
    void aTokenIsOnlyHashedWhenItCanBeOne() {
        String token = AckTokens.newToken();
        assertTrue(AckTokens.plausible(token) && AckTokens.matches(token, AckTokens.hash(token)));
        assertFalse(AckTokens.plausible(null) || AckTokens.plausible("") || AckTokens.plausible("x".repeat(201)));
        assertFalse(AckTokens.matches("wrong", AckTokens.hash(token)));
    }
}
