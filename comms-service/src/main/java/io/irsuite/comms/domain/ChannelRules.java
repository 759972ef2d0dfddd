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
    // One plain addr-spec (RFC 5322 dot-atom local part, ASCII domain with a dot): no display name, no
    // list separators, quotes, brackets, spaces or control characters, so it can only ever name one mailbox.
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    public static final int MAX_ADDRESS_LENGTH = 254;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    static final String NO_CONTROL = "must not contain line breaks or other control characters";

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
            } else if (hasControl(url)) {
                errors.add(new FieldError("url", NO_CONTROL));
            } else if (!isHttpUrl(url)) {
                errors.add(new FieldError("url", "must be an absolute http(s) URL"));
            }
        }
        if (channelType.isPresent() && channelType.get() == ChannelType.email) {
            if (address == null || address.isBlank()) {
                errors.add(new FieldError("address", "is required for an email channel"));
            } else if (hasControl(address)) {
                // CR/LF would let a value end the header it is written into and start another one
                errors.add(new FieldError("address", NO_CONTROL));
            } else if (address.strip().length() > MAX_ADDRESS_LENGTH || !EMAIL.matcher(address.strip()).matches()) {
                errors.add(new FieldError("address", "must be one plain e-mail address (name@example.com)"));
            }
        }
        if (minSeverity != null && Severity.parse(minSeverity).isEmpty()) {
            errors.add(new FieldError("minSeverity", "must be one of SEV1, SEV2, SEV3, SEV4"));
        }
        return errors;
    }

    /** True for one plain mailbox address, as an {@code email} channel's {@code address} must be. */
    public static boolean isPlainAddress(String address) {
        return address != null && address.length() <= MAX_ADDRESS_LENGTH && EMAIL.matcher(address).matches();
    }

    static boolean hasControl(String value) {
        return CONTROL.matcher(value).find();
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
