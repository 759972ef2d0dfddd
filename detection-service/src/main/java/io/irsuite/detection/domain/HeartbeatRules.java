package io.irsuite.detection.domain;

import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What a heartbeat definition must satisfy and the alert a missed one raises. Pure. */
public final class HeartbeatRules {

    /** Names of heartbeats and checks: they end up in paths, fingerprints and labels. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    public static final int MAX_INTERVAL_SECONDS = 7 * 24 * 3600;
    public static final String SOURCE = "heartbeat";
    public static final String ALERT_NAME = "HeartbeatMissed";
    public static final Severity DEFAULT_SEVERITY = Severity.SEV3;

    private HeartbeatRules() {
    }

    /** A definition with its defaults applied (grace 0, severity warning): what is stored. */
    public record Definition(String service, int intervalSeconds, int graceSeconds, Severity severity) {
    }

    /**
     * The definition with its defaults.
     *
     * @throws InvalidInputException naming every offending field
     */
    public static Definition define(String name, String service, Integer intervalSeconds, Integer graceSeconds,
                                    String severity) {
        List<FieldError> errors = new ArrayList<>();
        checkName(errors, name);
        checkService(errors, service);
        if (intervalSeconds == null) {
            errors.add(new FieldError("intervalSeconds", "is required"));
        } else if (intervalSeconds < 1 || intervalSeconds > MAX_INTERVAL_SECONDS) {
            errors.add(new FieldError("intervalSeconds", "must be between 1 and " + MAX_INTERVAL_SECONDS + " (7 days)"));
        }
        if (graceSeconds != null && (graceSeconds < 0 || graceSeconds > MAX_INTERVAL_SECONDS)) {
            errors.add(new FieldError("graceSeconds", "must be between 0 and " + MAX_INTERVAL_SECONDS + " (7 days)"));
        }
        checkSeverity(errors, severity);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Definition(service.strip(), intervalSeconds, graceSeconds == null ? 0 : graceSeconds,
                severity == null ? DEFAULT_SEVERITY : Severity.parse(severity).orElseThrow());
    }

    static void checkName(List<FieldError> errors, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add(new FieldError("name", "must be 1-100 characters of A-Z, a-z, 0-9, '.', '_' and '-'"));
        }
    }

    static void checkService(List<FieldError> errors, String service) {
        if (service == null || service.isBlank()) {
            errors.add(new FieldError("service", "is required"));
        } else if (service.strip().length() > AlertRules.MAX_NAME_LENGTH) {
            errors.add(new FieldError("service", "must be at most " + AlertRules.MAX_NAME_LENGTH + " characters"));
        }
    }

    static void checkSeverity(List<FieldError> errors, String severity) {
        if (severity != null && Severity.parse(severity).isEmpty()) {
            errors.add(new FieldError("severity", "must be one of critical, high, warning, info, SEV1-SEV4, P0-P4"));
        }
    }

    public static String fingerprint(String name) {
        return SOURCE + ":" + name;
    }

    /** The firing alert of a heartbeat that missed its deadline; {@code now} is when that was noticed. */
    public static RaisedAlert missed(Heartbeat h, Instant now) {
        Instant since = h.lastPingAt() != null ? h.lastPingAt() : h.updatedAt();
        String silent = Durations.human(Duration.between(since, now).truncatedTo(ChronoUnit.SECONDS));
        String expectation = "heartbeat " + h.name() + " of " + h.service() + " expects a ping every "
                + Durations.human(Duration.ofSeconds(h.intervalSeconds()))
                + (h.graceSeconds() > 0 ? " (grace " + Durations.human(Duration.ofSeconds(h.graceSeconds())) + ")" : "");
        String last = h.lastPingAt() != null ? "; last ping at " + h.lastPingAt()
                : "; never pinged since it was set up at " + h.updatedAt();
        // first evidence: the moment the ping was due, not the end of the grace
        Instant due = since.plusSeconds(h.intervalSeconds());
        return new RaisedAlert(fingerprint(h.name()), SOURCE, h.service(), ALERT_NAME, AlertStatus.FIRING,
                h.severity(), "no ping from " + h.name() + " for " + silent, expectation + last,
                Map.of("heartbeat", h.name()), due.isAfter(now) ? now : due, null);
    }
}
