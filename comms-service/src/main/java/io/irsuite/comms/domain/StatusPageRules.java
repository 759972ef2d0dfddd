package io.irsuite.comms.domain;

import io.irsuite.platform.problem.FieldError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The rules status-page components, overrides and maintenance windows must follow. Pure. */
public final class StatusPageRules {

    public static final int MAX_DISPLAY_NAME = 100;
    public static final int MAX_SERVICES = 100;
    public static final int MAX_SERVICE_NAME = 200;
    public static final int MAX_TITLE = 200;
    public static final int MAX_DESCRIPTION = 4000;
    public static final int MAX_COMPONENTS = 100;

    private StatusPageRules() {
    }

    /** A component definition: {@code name}, {@code displayName}, {@code group}, {@code services}. */
    public static List<FieldError> checkComponent(String name, String displayName, String group, List<String> services) {
        List<FieldError> errors = new ArrayList<>();
        checkName(errors, name);
        text(errors, "displayName", displayName, true, MAX_DISPLAY_NAME, false);
        text(errors, "group", group, false, MAX_DISPLAY_NAME, false);
        if (services != null) {
            if (services.size() > MAX_SERVICES) {
                errors.add(new FieldError("services", "must list at most " + MAX_SERVICES + " services"));
            }
            Set<String> seen = new HashSet<>();
            for (int k = 0; k < services.size(); k++) {
                String s = services.get(k);
                String field = "services[" + k + "]";
                if (s == null || s.isBlank()) {
                    errors.add(new FieldError(field, "must not be blank"));
                } else if (s.length() > MAX_SERVICE_NAME || !s.equals(s.strip()) || hasControl(s)) {
                    errors.add(new FieldError(field, "must be a service name of at most " + MAX_SERVICE_NAME
                            + " characters without surrounding spaces or control characters"));
                } else if (!seen.add(s)) {
                    errors.add(new FieldError(field, "is listed twice"));
                }
            }
        }
        return errors;
    }

    /** A manual override: {@code status} one of the component statuses, {@code until} (optional) in the future. */
    public static List<FieldError> checkOverride(String name, String status, Instant until, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        checkName(errors, name);
        if (status == null || status.isBlank()) {
            errors.add(new FieldError("status", "is required"));
        } else if (ComponentStatus.parse(status).isEmpty()) {
            errors.add(new FieldError("status", "must be one of " + statuses()));
        }
        if (until != null && !until.isAfter(now)) {
            errors.add(new FieldError("until", "must be in the future"));
        }
        return errors;
    }

    /**
     * A maintenance window: {@code title}, {@code components} (at least one, each an existing component),
     * {@code from} before {@code to}, {@code to} in the future, {@code description} (optional).
     */
    public static List<FieldError> checkMaintenance(String title, List<String> components, Instant from, Instant to,
                                                    String description, Set<String> existing, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        text(errors, "title", title, true, MAX_TITLE, false);
        if (components == null || components.isEmpty()) {
            errors.add(new FieldError("components", "must name at least one component"));
        } else if (components.size() > MAX_COMPONENTS) {
            errors.add(new FieldError("components", "must name at most " + MAX_COMPONENTS + " components"));
        } else {
            Set<String> seen = new HashSet<>();
            for (int k = 0; k < components.size(); k++) {
                String c = components.get(k);
                String field = "components[" + k + "]";
                if (c == null || c.isBlank()) {
                    errors.add(new FieldError(field, "must not be blank"));
                } else if (!existing.contains(c)) {
                    errors.add(new FieldError(field, "is not a status-page component"));
                } else if (!seen.add(c)) {
                    errors.add(new FieldError(field, "is listed twice"));
                }
            }
        }
        if (from == null) {
            errors.add(new FieldError("from", "is required"));
        }
        if (to == null) {
            errors.add(new FieldError("to", "is required"));
        } else if (from != null && !to.isAfter(from)) {
            errors.add(new FieldError("to", "must be after from"));
        } else if (!to.isAfter(now)) {
            errors.add(new FieldError("to", "must be in the future"));
        }
        text(errors, "description", description, false, MAX_DESCRIPTION, true);
        return errors;
    }

    private static void checkName(List<FieldError> errors, String name) {
        if (name == null || !ChannelRules.NAME.matcher(name).matches()) {
            errors.add(new FieldError("name", "must match " + ChannelRules.NAME.pattern()));
        }
    }

    /** Line breaks and tabs are allowed only where {@code multiline}. */
    private static void text(List<FieldError> errors, String field, String value, boolean required, int max,
                             boolean multiline) {
        if (value == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
        } else if (value.isBlank()) {
            errors.add(new FieldError(field, "must not be blank"));
        } else if (value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        } else if (hasControl(multiline ? value.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ') : value)) {
            errors.add(new FieldError(field, "must not contain control characters"));
        }
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    static String statuses() {
        List<String> names = new ArrayList<>();
        for (ComponentStatus s : ComponentStatus.values()) {
            names.add(s.name());
        }
        return String.join(", ", names);
    }
}
