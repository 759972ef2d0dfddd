package io.irsuite.detection.domain;

import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What a synthetic check definition must satisfy, how a probe is judged, and when it alerts. Pure. */
public final class CheckRules {

    public static final String SOURCE = "synthetic";
    public static final String ALERT_NAME = "SyntheticCheckFailed";
    /** A failing probe is an endpoint failing a real request: impact, so high by default. */
    public static final Severity DEFAULT_SEVERITY = Severity.SEV2;
    /** Probes must not change anything on the probed service, as they repeat every interval. */
    public static final Set<String> METHODS = Set.of("GET", "HEAD");
    public static final int MIN_INTERVAL_SECONDS = 2;
    public static final int MAX_INTERVAL_SECONDS = 24 * 3600;
    public static final int MAX_FAILURES_BEFORE_ALERT = 100;
    public static final int MAX_URL_LENGTH = 2000;
    public static final String DEFAULT_METHOD = "GET";
    public static final int DEFAULT_EXPECTED_STATUS = 200;
    public static final int DEFAULT_INTERVAL_SECONDS = 60;
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_FAILURES_BEFORE_ALERT = 2;

    private CheckRules() {
    }

    /** A definition with its defaults applied: what is stored. */
    public record Definition(String service, String url, String method, int expectedStatus, int intervalSeconds,
                             int timeoutSeconds, int failuresBeforeAlert, Severity severity) {
    }

    /**
     * The definition with defaults (method GET, expectedStatus 200, intervalSeconds 60, timeoutSeconds the
     * smaller of 10 and interval - 1, failuresBeforeAlert 2, severity high).
     *
     * @throws InvalidInputException naming every offending field
     */
    public static Definition define(String name, String service, String url, String method, Integer expectedStatus,
                                    Integer intervalSeconds, Integer timeoutSeconds, Integer failuresBeforeAlert,
                                    String severity) {
        List<FieldError> errors = new ArrayList<>();
        HeartbeatRules.checkName(errors, name);
        HeartbeatRules.checkService(errors, service);
        String urlError = urlError(url);
        if (urlError != null) {
            errors.add(new FieldError("url", urlError));
        }
        String m = method == null ? DEFAULT_METHOD : method.strip().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(m)) {
            errors.add(new FieldError("method", "must be GET or HEAD"));
        }
        int expected = expectedStatus == null ? DEFAULT_EXPECTED_STATUS : expectedStatus;
        if (expected < 100 || expected > 599) {
            errors.add(new FieldError("expectedStatus", "must be an HTTP status between 100 and 599"));
        }
        int interval = intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
        boolean intervalOk = interval >= MIN_INTERVAL_SECONDS && interval <= MAX_INTERVAL_SECONDS;
        if (!intervalOk) {
            errors.add(new FieldError("intervalSeconds",
                    "must be between " + MIN_INTERVAL_SECONDS + " and " + MAX_INTERVAL_SECONDS + " (1 day)"));
        }
        int timeout = timeoutSeconds != null ? timeoutSeconds
                : Math.max(1, Math.min(DEFAULT_TIMEOUT_SECONDS, interval - 1));
        if (timeout < 1) {
            errors.add(new FieldError("timeoutSeconds", "must be at least 1"));
        } else if (intervalOk && timeout >= interval) {
            // a probe ends before the next one is due, so one check never has two probes at once
            errors.add(new FieldError("timeoutSeconds", "must be less than intervalSeconds (" + interval + ")"));
        }
        int failures = failuresBeforeAlert == null ? DEFAULT_FAILURES_BEFORE_ALERT : failuresBeforeAlert;
        if (failures < 1 || failures > MAX_FAILURES_BEFORE_ALERT) {
            errors.add(new FieldError("failuresBeforeAlert", "must be between 1 and " + MAX_FAILURES_BEFORE_ALERT));
        }
        HeartbeatRules.checkSeverity(errors, severity);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Definition(service.strip(), url.strip(), m, expected, interval, timeout, failures,
                severity == null ? DEFAULT_SEVERITY : Severity.parse(severity).orElseThrow());
    }

    /** Why {@code url} cannot be probed, or null: absolute http(s) with a host, no credentials in it. */
    static String urlError(String url) {
        if (url == null || url.isBlank()) {
            return "is required";
        }
        if (url.strip().length() > MAX_URL_LENGTH) {
            return "must be at most " + MAX_URL_LENGTH + " characters";
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            return "must be an absolute http or https URL";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "must name a host";
        }
        // views, logs and alert texts show the URL: credentials do not belong in it
        if (uri.getRawUserInfo() != null) {
            return "must not carry credentials (user:password@)";
        }
        return null;
    }

    /** The URL as alert texts show it: scheme, host, port and path (the query may carry tokens). */
    public static String display(String url) {
        try {
            URI u = new URI(url);
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return "(url)";
        }
    }

    /**
     * Judges one probe. {@code status} is null when there was no response; {@code failure} then says why
     * (timeout, connection refused ...).
     */
    public static CheckResult judge(Instant at, int expectedStatus, Integer status, long durationMs, boolean timedOut,
                                    int timeoutSeconds, String failure) {
        if (status != null) {
            if (status == expectedStatus) {
                return new CheckResult(at, true, status, durationMs, null);
            }
            String redirect = status >= 300 && status < 400 ? " (redirects are not followed)" : "";
            return new CheckResult(at, false, status, durationMs,
                    "got status " + status + redirect + ", expected " + expectedStatus);
        }
        String error = timedOut ? "timed out after " + timeoutSeconds + "s"
                : failure == null || failure.isBlank() ? "request failed" : failure;
        return new CheckResult(at, false, null, durationMs, error);
    }

    /** What one result does to a check. */
    public enum Transition { NONE, FIRE, RESOLVE }

    /** The check's counters after a result, and whether its alert fires or resolves. */
    public record Next(int consecutiveFailures, boolean alerting, Instant failingSince, Transition transition) {
    }

    public static Next next(SyntheticCheck c, CheckResult r) {
        if (r.passed()) {
            return new Next(0, false, null, c.alerting() ? Transition.RESOLVE : Transition.NONE);
        }
        int failures = c.consecutiveFailures() + 1;
        Instant since = c.failingSince() != null ? c.failingSince() : r.at();
        boolean fire = !c.alerting() && failures >= c.failuresBeforeAlert();
        return new Next(failures, c.alerting() || fire, since, fire ? Transition.FIRE : Transition.NONE);
    }

    public static String fingerprint(String name) {
        return "check:" + name;
    }

    /** The firing alert of a check that failed {@code failures} times in a row, the last time with {@code last}. */
    public static RaisedAlert failed(SyntheticCheck c, CheckResult last, int failures, Instant failingSince) {
        String target = c.method() + " " + display(c.url());
        String times = failures == 1 ? "once" : failures + " times in a row";
        return new RaisedAlert(fingerprint(c.name()), SOURCE, c.service(), ALERT_NAME, AlertStatus.FIRING,
                c.severity(), "synthetic check " + c.name() + " failing: " + last.error(),
                target + " failed " + times + " (alert after " + c.failuresBeforeAlert() + "); last: " + last.error(),
                Map.of("check", c.name()), failingSince, null);
    }
}
