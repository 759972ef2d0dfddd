package io.irsuite.comms.domain.oncall;

import io.irsuite.platform.problem.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The rules a user definition follows, and its stored form. Pure. */
public final class UserRules {

    public static final String DEFAULT_TIME_ZONE = "UTC";

    private UserRules() {
    }

    /** Every rule the user {@code name} defined by {@code spec} breaks, each naming its field. */
    public static List<FieldError> check(String name, UserSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        if (!OnCallInputs.isName(name)) {
            errors.add(new FieldError("name", "must match " + OnCallInputs.NAME.pattern()));
        }
        if (spec.email() != null && !OnCallInputs.isEmail(spec.email().strip())) {
            errors.add(new FieldError("email", "must be an e-mail address"));
        }
        url("slackWebhook", spec.slackWebhook(), errors);
        url("webhook", spec.webhook(), errors);
        if (spec.timeZone() != null && !OnCallInputs.isTimeZone(spec.timeZone().strip())) {
            errors.add(new FieldError("timeZone", "must be an IANA time zone, e.g. Europe/Berlin or America/New_York"));
        }
        if (blank(spec.email()) && blank(spec.slackWebhook()) && blank(spec.webhook())) {
            errors.add(new FieldError("email", "a user needs at least one contact method: email, slackWebhook or webhook"));
        }
        return errors;
    }

    /** The user as stored: trimmed values, the e-mail domain in lower case, UTC when no zone is given. */
    public static OnCallUser normalise(String name, UserSpec spec) {
        return new OnCallUser(name, email(spec.email()), trimmed(spec.slackWebhook()), trimmed(spec.webhook()),
                blank(spec.timeZone()) ? DEFAULT_TIME_ZONE : spec.timeZone().strip());
    }

    private static void url(String field, String value, List<FieldError> errors) {
        if (value != null && !value.isBlank()) {
            OnCallInputs.urlProblem(value.strip()).ifPresent(problem -> errors.add(new FieldError(field, problem)));
        }
    }

    /** The domain of an e-mail address is case-insensitive, its local part is not. */
    private static String email(String address) {
        if (blank(address)) {
            return null;
        }
        String a = address.strip();
        int at = a.lastIndexOf('@');
        return a.substring(0, at + 1) + a.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static String trimmed(String value) {
        return blank(value) ? null : value.strip();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
