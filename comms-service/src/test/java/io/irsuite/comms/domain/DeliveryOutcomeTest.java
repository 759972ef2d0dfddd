package io.irsuite.comms.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeliveryOutcomeTest {

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
            "200, delivered, ",
            "204, delivered, ",
            "301, permanent, HTTP 301",
            "400, permanent, HTTP 400",
            "401, permanent, HTTP 401",
            "404, permanent, HTTP 404",
            "408, temporary, HTTP 408",
            "410, permanent, HTTP 410",
            "429, temporary, HTTP 429",
            "500, temporary, HTTP 500",
            "502, temporary, HTTP 502",
            "503, temporary, HTTP 503"})
    void httpAnswers(int status, DeliveryOutcome.Kind kind, String error) {
        assertEquals(new DeliveryOutcome(kind, error), DeliveryOutcome.ofHttpStatus(status));
    }

    @ParameterizedTest(name = "SMTP {0} -> {1}")
    @CsvSource({
            "421, '4.3.2 shutting down', temporary, SMTP 421 4.3.2 shutting down",
            "450, 'mailbox busy', temporary, SMTP 450 mailbox busy",
            "451, '', temporary, SMTP 451",
            "452, 'insufficient storage', temporary, SMTP 452 insufficient storage",
            "550, '5.1.1 no such user', permanent, SMTP 550 5.1.1 no such user",
            "552, 'too big', permanent, SMTP 552 too big",
            "554, 'transaction failed', permanent, SMTP 554 transaction failed",
            "0, 'garbage', temporary, SMTP 0 garbage"})
    void smtpReplies(int code, String message, DeliveryOutcome.Kind kind, String error) {
        assertEquals(new DeliveryOutcome(kind, error), DeliveryOutcome.ofSmtpReply(code, message));
    }

    @Test
    void theCodeRepeatedInTheReplyLinesIsSaidOnce() {
        assertEquals("SMTP 550 5.1.1 mailbox unavailable",
                DeliveryOutcome.ofSmtpReply(550, "550 5.1.1 mailbox unavailable").error());
        assertEquals("SMTP 452 4.5.3 too many recipients try later",
                DeliveryOutcome.ofSmtpReply(452, "452-4.5.3 too many recipients\n452 try later").error());
    }

    @Test
    void aMultiLineReplyReadsAsOneLine() {
        assertEquals("SMTP 550 5.7.1 rejected by policy see https://mail.example/why",
                DeliveryOutcome.ofSmtpReply(550, "5.7.1 rejected by policy\r\nsee https://mail.example/why").error());
    }

    @Test
    void aConnectionFailureIsTemporary() {
        assertEquals(DeliveryOutcome.temporary("Connection refused: /127.0.0.1:2525"),
                DeliveryOutcome.unreachable("Connection refused: /127.0.0.1:2525"));
        assertEquals(DeliveryOutcome.temporary("no answer"), DeliveryOutcome.unreachable(null));
    }

    @ParameterizedTest(name = "after {0} attempt(s) ending {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "1, temporary, PT1S",
            "2, temporary, PT2S",
            "4, temporary, PT8S",
            "5, temporary, null",
            "1, permanent, null",
            "1, delivered, null"})
    void backoffOnlyRetriesTemporaryFailuresWithinTheLimit(int attempts, DeliveryOutcome.Kind kind, Duration next) {
        DeliveryBackoff backoff = new DeliveryBackoff(Duration.ofSeconds(1), 5);
        assertEquals(Optional.ofNullable(next), backoff.nextDelay(attempts, new DeliveryOutcome(kind, "x")));
    }
}
