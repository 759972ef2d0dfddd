package io.irsuite.detection.domain;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FingerprintsTest {

    @Test
    void isSixteenHexCharsAndStable() {
        String fp = Fingerprints.derive("prometheus", "checkout", "HighErrorRate", Map.of("region", "eu"));
        assertTrue(fp.matches("[0-9a-f]{16}"), fp);
        assertEquals(fp, Fingerprints.derive("prometheus", "checkout", "HighErrorRate", Map.of("region", "eu")));
    }

    @Test
    void labelOrderDoesNotMatter() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        assertEquals(Fingerprints.derive("s", "svc", "n", ab), Fingerprints.derive("s", "svc", "n", ba));
    }

    @Test
    void everyPartCounts() {
        String base = Fingerprints.derive("s", "svc", "n", Map.of("k", "v"));
        assertNotEquals(base, Fingerprints.derive("s2", "svc", "n", Map.of("k", "v")));
        assertNotEquals(base, Fingerprints.derive("s", "svc2", "n", Map.of("k", "v")));
        assertNotEquals(base, Fingerprints.derive("s", "svc", "n2", Map.of("k", "v")));
        assertNotEquals(base, Fingerprints.derive("s", "svc", "n", Map.of("k", "v2")));
        assertNotEquals(base, Fingerprints.derive("s", "svc", "n", Map.of()));
        // concatenation must not collide
        assertNotEquals(Fingerprints.derive("ab", "c", "n", null), Fingerprints.derive("a", "bc", "n", null));
    }
}
