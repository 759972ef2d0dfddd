package io.irsuite.detection.domain;

import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.InvalidInputException;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AlertRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private static AlertInput input(String source, String service, String name, String status, String severity,
                                    String fingerprint) {
        return new AlertInput(source, service, name, status, severity, null, null, Map.of("b", "2", "a", "1"),
                null, null, fingerprint, null, null, null);
    }

    @Test
    void fillsDefaults() {
        NormalizedAlert a = AlertRules.normalize(input(" prometheus ", "checkout", "HighErrorRate", null, null, null),
                null, NOW);
        assertEquals(AlertStatus.FIRING, a.status());
        assertEquals(Severity.SEV4, a.severity());
        assertEquals(NOW, a.startsAt());
        assertEquals("prometheus", a.source());
        assertEquals(List.of("a", "b"), List.copyOf(a.labels().keySet()));
        assertEquals(Fingerprints.derive("prometheus", "checkout", "HighErrorRate", Map.of("a", "1", "b", "2")),
                a.fingerprint());
        assertNull(a.endsAt());
    }

    @Test
    void keepsAGivenFingerprintAndNormalisesSeverityAndStatus() {
        NormalizedAlert a = AlertRules.normalize(input("s", "svc", "n", "RESOLVED", "P1", "fp-1"), "{\"x\":1}", NOW);
        assertEquals("fp-1", a.fingerprint());
        assertEquals(Severity.SEV2, a.severity());
        assertEquals(AlertStatus.RESOLVED, a.status());
        assertEquals("{\"x\":1}", a.metricsJson());
    }

    @Test
    void namesEveryBadField() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> AlertRules.normalize(
                input(null, " ", "x".repeat(201), "burning", "doom", " "), null, NOW));
        assertEquals(List.of("source", "service", "name", "status", "severity", "fingerprint"),
                e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void prefixesNameArrayElements() {
        assertEquals("[2].severity", new FieldError("severity", "m").under("[2]").field());
        assertEquals("alerts[0].labels.service", new FieldError("labels.service", "m").under("alerts[0]").field());
        assertEquals("[1]", new FieldError("", "m").under("[1]").field());
        assertEquals("severity", new FieldError("severity", "m").under("").field());
    }
}
