package io.irsuite.detection.domain;

import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What makes a silence valid, and its state at a given time (Alertmanager's pending/active/expired). */
public final class SilenceRules {

    public static final String PENDING = "pending";
    public static final String ACTIVE = "active";
    public static final String EXPIRED = "expired";
    static final int MAX_TEXT = 1000;

    private SilenceRules() {
    }

    /** A silence as validated: matchers compiled, times set. */
    public record Valid(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {
    }

    /**
     * @param startsAt null means now
     * @throws InvalidInputException naming every offending field
     */
    public static Valid validate(List<MatcherSpec> matchers, Instant startsAt, Instant endsAt, String createdBy,
                                 String comment, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        List<Matcher> compiled = MatcherSpec.compile(matchers, "matchers", errors);
        if (errors.isEmpty() && compiled.stream().allMatch(Matcher::matchesEmpty)) {
            // Alertmanager's rule: a silence of every alert is a mistake, not a maintenance window
            errors.add(new FieldError("matchers", "at least one matcher must not match the empty value"));
        }
        Instant start = startsAt != null ? startsAt : now;
        if (endsAt == null) {
            errors.add(new FieldError("endsAt", "is required"));
        } else if (!endsAt.isAfter(start)) {
            errors.add(new FieldError("endsAt", "must be after startsAt"));
        } else if (!endsAt.isAfter(now)) {
            errors.add(new FieldError("endsAt", "must be in the future"));
        }
        text(errors, "createdBy", createdBy);
        text(errors, "comment", comment);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(InvalidInputException.summary(errors), errors);
        }
        return new Valid(compiled, start, endsAt, createdBy.trim(), comment.trim());
    }

    private static void text(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.length() > MAX_TEXT) {
            errors.add(new FieldError(field, "must be at most " + MAX_TEXT + " characters"));
        }
    }

    public static String state(Instant startsAt, Instant endsAt, Instant now) {
        if (!endsAt.isAfter(now)) {
            return EXPIRED;
        }
        return startsAt.isAfter(now) ? PENDING : ACTIVE;
    }

    public static boolean isActive(Instant startsAt, Instant endsAt, Instant now) {
        return ACTIVE.equals(state(startsAt, endsAt, now));
    }
}
