package io.irsuite.detection.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DedupAndDurationsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration COOLDOWN = Duration.ofMinutes(30);

    @Test
    void stillFiringIsAlwaysADuplicate() {
        assertTrue(DedupRules.isDuplicate(true, NOW.minus(Duration.ofDays(2)), NOW, COOLDOWN));
    }

    @Test
    void resolvedIsADuplicateOnlyWithinTheCooldown() {
        assertTrue(DedupRules.isDuplicate(false, NOW.minus(Duration.ofMinutes(29)), NOW, COOLDOWN));
        assertFalse(DedupRules.isDuplicate(false, NOW.minus(COOLDOWN), NOW, COOLDOWN));
        assertFalse(DedupRules.isDuplicate(false, NOW.minus(Duration.ofHours(3)), NOW, COOLDOWN));
    }

    @ParameterizedTest
    @CsvSource({"PT5M,5m", "PT2S,2s", "PT1H30M,1h30m", "PT0S,0s", "PT0.5S,500ms", "PT26H,26h"})
    void durationsReadLikeConfiguration(Duration d, String expected) {
        assertEquals(expected, Durations.human(d));
    }
}
