package io.irsuite.comms.domain;

import java.net.URI;

/**
 * Channel URLs often carry credentials (a Slack incoming-webhook path is the secret itself, other
 * hooks put tokens in the query), so reads show them redacted. Pure.
 */
public final class UrlRedaction {

    static final String HIDDEN = "***";

    private UrlRedaction() {
    }

    /** Slack: scheme://host/***; others: without user-info and with the query hidden. */
    public static String redact(String type, String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String origin = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            if (ChannelType.slack.name().equals(type)) {
                return origin + "/" + HIDDEN;
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            return origin + path + (uri.getRawQuery() == null ? "" : "?" + HIDDEN);
        } catch (Exception e) {
            return HIDDEN;
        }
    }
}
