package io.irsuite.comms.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusWordsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "OPEN, investigating",
            "TRIAGED, investigating",
            "REOPENED, investigating",
            "MITIGATING, identified",
            "MONITORING, monitoring",
            "RESOLVED, resolved",
            "resolved, resolved"})
    void lifecycleStatusesMapToPublicWords(String status, String word) {
        assertEquals(word, StatusWords.publicWord(status));
    }

    @Test
    void anIncidentWithoutStatusIsBeingInvestigatedAndActive() {
        assertEquals("investigating", StatusWords.publicWord(null));
        assertTrue(StatusWords.isActive(null));
        assertTrue(StatusWords.isActive("MONITORING"));
        assertFalse(StatusWords.isActive("RESOLVED"));
    }

    @ParameterizedTest(name = "channel {0} admits incident {1}: {2}")
    @CsvSource({
            "SEV4, SEV1, true", "SEV4, SEV4, true",
            "SEV3, SEV1, true", "SEV3, SEV3, true", "SEV3, SEV4, false",
            "SEV1, SEV1, true", "SEV1, SEV2, false"})
    void minSeverityAdmitsThatSeverityAndWorse(Severity channel, Severity incident, boolean admitted) {
        assertEquals(admitted, channel.admits(incident));
    }

    @Test
    void severityParsingIsStrictAndDefaultsToTheLowest() {
        assertEquals(Severity.SEV2, Severity.parse(" sev2 ").orElseThrow());
        assertTrue(Severity.parse("P1").isEmpty());
        assertEquals(Severity.SEV4, Severity.orLowest(null));
        assertTrue(UpdateCadence.PLAYBOOK.of("SEV4").isEmpty());
        assertTrue(UpdateCadence.PLAYBOOK.of(null).isEmpty(), "unknown severity counts as SEV4: start and end only");
        assertEquals(java.time.Duration.ofMinutes(15), UpdateCadence.PLAYBOOK.of("SEV1").orElseThrow());
        assertEquals(java.time.Duration.ofMinutes(60), UpdateCadence.PLAYBOOK.of("sev3").orElseThrow());
    }
}
