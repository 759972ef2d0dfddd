package io.irsuite.comms.domain;

import io.irsuite.platform.problem.FieldError;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The rules a channel definition must follow. Pure. */
public final class ChannelRules {

    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    // Deliberately simple: one @, no spaces, a dot in the domain.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private ChannelRules() {
    }

    /** Every rule {@code name}, {@code type}, {@code url}, {@code address} and {@code minSeverity} break. */
    public static List<FieldError> check(String name, String type, String url, String address, String minSeverity) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add(new FieldError("name", "must match " + NAME.pattern()));
        }
        var channelType = ChannelType.parse(type);
        if (type == null || type.isBlank()) {
            errors.add(new FieldError("type", "must not be blank"));
        } else if (channelType.isEmpty()) {
            errors.add(new FieldError("type", "must be one of webhook, slack, email"));
        }
        if (channelType.isPresent() && channelType.get() != ChannelType.email) {
            if (url == null || url.isBlank()) {
                errors.add(new FieldError("url", "is required for a " + type + " channel"));
            } else if (!isHttpUrl(url)) {
                errors.add(new FieldError("url", "must be an absolute http(s) URL"));
            }
        }
        if (channelType.isPresent() && channelType.get() == ChannelType.email) {
            if (address == null || address.isBlank()) {
                errors.add(new FieldError("address", "is required for an email channel"));
            } else if (!EMAIL.matcher(address).matches()) {
                errors.add(new FieldError("address", "must be an e-mail address"));
            }
        }
        if (minSeverity != null && Severity.parse(minSeverity).isEmpty()) {
            errors.add(new FieldError("minSeverity", "must be one of SEV1, SEV2, SEV3, SEV4"));
        }
        return errors;
    }

    static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null && !uri.getHost().isBlank();
        } catch (Exception e) {
            return false;
        }
    }
}
