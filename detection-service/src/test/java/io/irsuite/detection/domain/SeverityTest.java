package io.irsuite.detection.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeverityTest {

    @ParameterizedTest
    @CsvSource({
            "critical,SEV1", "CRITICAL,SEV1", "high,SEV2", "warning,SEV3", "info,SEV4",
            "SEV1,SEV1", "sev2,SEV2", "Sev3,SEV3", "SEV4,SEV4",
            "P0,SEV1", "p1,SEV2", "P2,SEV3", "P3,SEV4", "P4,SEV4", "' high ',SEV2"})
    void normalisesEveryVocabulary(String hint, Severity expected) {
        assertEquals(expected, Severity.parse(hint).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sev5", "P5", "medium", "low", "fatal", "SEV-1", "1"})
    void refusesAnythingElse(String hint) {
        assertTrue(Severity.parse(hint).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SEV1", "sev4"})
    void fromNameTakesOnlyOurNames(String name) {
        assertTrue(Severity.fromName(name).isPresent());
        assertTrue(Severity.fromName("critical").isEmpty());
    }
}
