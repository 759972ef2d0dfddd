package io.irsuite.comms.domain.oncall;

import io.irsuite.platform.problem.FieldError;

import java.math.BigDecimal;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the people-and-paging definitions read their values (names, instants, times of day, week days,
 * IANA time zones, e-mail addresses, http(s) URLs); each check adds a {@link FieldError} naming the field. Pure.
 */
public final class OnCallInputs {

    /** Users, schedules and policies share the token names' alphabet, so a caller's name can be a user's. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    /** The route that applies to an owner without a route of its own. */
    public static final String DEFAULT_ROUTE = "default";
    public static final String INSTANT_HINT = "must be an ISO-8601 instant, e.g. 2026-11-30T09:00:00Z";

    // Deliberately simple: one @, no spaces, a dot in the domain (the channel rule).
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private OnCallInputs() {
    }

    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** A catalog owner (team) as triage stores it: any text up to 200 characters without control characters. */
    public static boolean isOwner(String owner) {
        return owner != null && !owner.isBlank() && owner.length() <= 200 && owner.equals(owner.strip())
                && owner.chars().noneMatch(Character::isISOControl);
    }

    /** An ISO-8601 instant ({@code Z} or an offset). */
    public static Optional<Instant> instant(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static Instant instant(String field, String value, boolean required, List<FieldError> errors) {
        if (value == null) {
            if (required) {
                errors.add(new FieldError(field, "is required (an ISO-8601 instant, e.g. 2026-11-30T09:00:00Z)"));
            }
            return null;
        }
        Optional<Instant> parsed = instant(value);
        if (parsed.isEmpty()) {
            errors.add(new FieldError(field, INSTANT_HINT));
        }
        return parsed.orElse(null);
    }

    /** {@code HH:mm} or {@code HH:mm:ss}, 00:00 to 23:59:59. */
    static LocalTime time(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required (a time of day, e.g. 09:00)"));
            return null;
        }
        try {
            return LocalTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a time of day HH:mm from 00:00 to 23:59, e.g. 09:00"));
            return null;
        }
    }

    /** A week day by its English name, e.g. {@code monday}. */
    static DayOfWeek day(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required (a week day, e.g. monday)"));
            return null;
        }
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equalsIgnoreCase(value.strip())) {
                return d;
            }
        }
        errors.add(new FieldError(field, "must be a week day: monday, tuesday, ..., sunday"));
        return null;
    }

    static String dayName(DayOfWeek day) {
        return day.name().toLowerCase(Locale.ROOT);
    }

    /** An IANA time zone name ({@code Europe/Berlin}, {@code UTC}); fixed offsets such as {@code +02:00} have no DST rules, so no. */
    public static boolean isTimeZone(String value) {
        return value != null && ZoneId.getAvailableZoneIds().contains(value);
    }

    static ZoneId zone(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required (an IANA time zone, e.g. Europe/Berlin)"));
            return null;
        }
        if (!isTimeZone(value.strip())) {
            errors.add(new FieldError(field, "must be an IANA time zone, e.g. Europe/Berlin or America/New_York"));
            return null;
        }
        return ZoneId.of(value.strip());
    }

    public static boolean isEmail(String value) {
        return value != null && value.length() <= 320 && EMAIL.matcher(value).matches();
    }

    /** An absolute http(s) URL with a host, and a literal one: a {@code ${...}} template is never expanded. */
    public static Optional<String> urlProblem(String value) {
        if (value.length() > 2000) {
            return Optional.of("must be at most 2000 characters");
        }
        if (value.contains("${")) {
            return Optional.of("must be a literal URL, not a ${...} template");
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null && !uri.getHost().isBlank()) {
                return Optional.empty();
            }
        } catch (Exception e) {
            // not a URI at all: the same answer
        }
        return Optional.of("must be an absolute http(s) URL");
    }

    /** A whole number in [min, max], or null when absent; a fraction or a value out of range is an error. */
    static Integer wholeNumber(String field, BigDecimal value, int min, int max, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            errors.add(new FieldError(field, "must be a whole number"));
            return null;
        }
        if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
            return null;
        }
        return value.intValueExact();
    }
}
