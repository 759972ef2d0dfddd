package io.irsuite.detection.domain;

import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The validation and normalisation every inbound alert goes through, whatever its entry point. */
public final class AlertRules {

    public static final int MAX_NAME_LENGTH = 200;

    private AlertRules() {
    }

    /**
     * @param metricsJson the raw metrics object (kept as sent), or null
     * @param now         receive time: the default startsAt
     * @throws InvalidInputException naming every offending field (unprefixed: {@code severity})
     */
    public static NormalizedAlert normalize(AlertInput in, String metricsJson, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        required(errors, "source", in.source());
        required(errors, "service", in.service());
        required(errors, "name", in.name());
        AlertStatus status = AlertStatus.parse(in.status()).orElse(null);
        if (status == null) {
            errors.add(new FieldError("status", "must be firing or resolved"));
        }
        Severity severity = Severity.DEFAULT;
        if (in.severity() != null) {
            severity = Severity.parse(in.severity()).orElse(null);
            if (severity == null) {
                errors.add(new FieldError("severity",
                        "must be one of critical, high, warning, info, SEV1-SEV4, P0-P4"));
            }
        }
        if (in.fingerprint() != null && (in.fingerprint().isBlank() || in.fingerprint().length() > MAX_NAME_LENGTH)) {
            errors.add(new FieldError("fingerprint", "must be non-blank and at most " + MAX_NAME_LENGTH + " characters"));
        }
        if (in.labels() != null) {
            in.labels().forEach((k, v) -> {
                if (v == null) {
                    errors.add(new FieldError("labels." + k, "must be a string"));
                }
            });
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        TreeMap<String, String> labels = new TreeMap<>(in.labels() == null ? Map.of() : in.labels());
        String source = in.source().trim();
        String service = in.service().trim();
        String name = in.name().trim();
        String fingerprint = in.fingerprint() != null ? in.fingerprint().trim()
                : Fingerprints.derive(source, service, name, labels);
        return new NormalizedAlert(fingerprint, source, service, name, status, severity,
                in.summary(), in.description(), labels,
                in.startsAt() != null ? in.startsAt() : now, in.endsAt(),
                in.metrics(), metricsJson, in.runbookUrl(), in.dashboardUrl());
    }

    private static void required(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.length() > MAX_NAME_LENGTH) {
            errors.add(new FieldError(field, "must be at most " + MAX_NAME_LENGTH + " characters"));
        }
    }

    /** One line for the problem's detail and the logs. */
}
