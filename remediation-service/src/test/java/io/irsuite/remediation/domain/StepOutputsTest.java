package io.irsuite.remediation.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepOutputsTest {

    @Test
    void describesHttpResults() {
        assertEquals("POST http://d/rollback/shop/auth → 200 in 35 ms",
                StepOutputs.httpResult("POST", "http://d/rollback/shop/auth", 200, 35, 200, "ignored on success"));
        assertEquals("GET http://d/health → 503 in 4 ms (expected 200): down",
                StepOutputs.httpResult("GET", "http://d/health", 503, 4, 200, " down\n"));
        assertEquals("GET http://d/health → no response within 10 s", StepOutputs.httpTimeout("GET", "http://d/health", 10));
    }

    @Test
    void truncatesToTheByteBudgetWithoutSplittingCharacters() {
        String text = "é".repeat(2000); // 4000 bytes
        String cut = StepOutputs.truncate(text, 2048);
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 2048);
        assertTrue(cut.endsWith("…"));
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length > 2040);
        assertEquals("short", StepOutputs.truncate("short", 2048));
        assertEquals(null, StepOutputs.truncate(null, 2048));
    }
}
