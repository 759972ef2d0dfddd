package io.irsuite.comms.domain.paging;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The acknowledge link of a page. A stored notification body carries the link with {@link #REDACTED} in place of
 * the token (so no read of it can acknowledge); the token is kept beside it only until the delivery ends, and the
 * sender puts it back into what it sends. Pure.
 */
public final class AckLinks {

    /** What every read shows instead of a token. */
    public static final String REDACTED = "<redacted>";
    /** The part of the link that precedes the token. */
    public static final String TOKEN_PREFIX = "/ack?token=";
    /** The link as stored: the sender replaces this with {@link #TOKEN_PREFIX} and the token. */
    public static final String STORED = TOKEN_PREFIX + REDACTED;

    private static final Pattern TOKEN_IN_LINK = Pattern.compile("(/ack\\?token=)[A-Za-z0-9_-]+");

    private AckLinks() {
    }

    /** {@code <base>/api/v1/pages/<id>/ack?token=<token>}; a trailing slash of the base is dropped. */
    public static String link(String base, UUID pageId, String token) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return b + "/api/v1/pages/" + pageId + TOKEN_PREFIX + token;
    }

    /** {@code text} with every acknowledge token replaced by {@link #REDACTED}. */
    public static String redact(String text) {
        return text == null ? null : TOKEN_IN_LINK.matcher(text).replaceAll("$1" + REDACTED);
    }
}
