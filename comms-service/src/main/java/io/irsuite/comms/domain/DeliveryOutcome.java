package io.irsuite.comms.domain;

import java.util.regex.Pattern;

/**
 * The outcome of one delivery attempt, by channel-neutral rules: delivered, a temporary failure worth
 * retrying with backoff (connection error, timeout, HTTP 5xx/408/429, SMTP 4xx), or a permanent one that
 * stops the delivery at once (any other HTTP status, SMTP 5xx). Pure.
 */
public record DeliveryOutcome(Kind kind, String error) {

    private static final Pattern REPLY_CODE = Pattern.compile("(?m)^\\d{3}[ -]");

    /** What the attempt says about the next one. */
    public enum Kind {
        delivered, temporary, permanent
    }

    public static DeliveryOutcome ok() {
        return new DeliveryOutcome(Kind.delivered, null);
    }

    public static DeliveryOutcome temporary(String error) {
        return new DeliveryOutcome(Kind.temporary, error);
    }

    public static DeliveryOutcome permanent(String error) {
        return new DeliveryOutcome(Kind.permanent, error);
    }

    public boolean delivered() {
        return kind == Kind.delivered;
    }

    public boolean retryable() {
        return kind == Kind.temporary;
    }

    /** A webhook's or Slack's answer: 2xx delivered; 408, 429 and 5xx temporary; anything else permanent. */
    public static DeliveryOutcome ofHttpStatus(int status) {
        if (status / 100 == 2) {
            return ok();
        }
        String error = "HTTP " + status;
        return status == 408 || status == 429 || status / 100 == 5 ? temporary(error) : permanent(error);
    }

    /**
     * An SMTP server's negative reply (RFC 5321 §4.2.1): 4yz is transient, 5yz permanent. A code outside
     * both (a broken server) is treated as transient, so a flaky relay gets its retries.
     */
    public static DeliveryOutcome ofSmtpReply(int code, String message) {
        // the reply lines repeat the code ("550-…", "550 …"): say it once
        String text = message == null ? "" : REPLY_CODE.matcher(message).replaceAll("");
        String error = "SMTP " + code + (Texts.blank(text) ? "" : " " + Texts.clip(text));
        return code / 100 == 5 ? permanent(error) : temporary(error);
    }

    /** A failure before any answer (connection refused, reset, timeout): worth retrying. */
    public static DeliveryOutcome unreachable(String error) {
        return temporary(Texts.blank(error) ? "no answer" : Texts.clip(error));
    }
}
