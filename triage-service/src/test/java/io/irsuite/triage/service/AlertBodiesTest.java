package io.irsuite.triage.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.events.Payloads;
import io.irsuite.triage.domain.IncidentAlert;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class AlertBodiesTest {

    private final AlertBodies bodies = new AlertBodies(new StoredJson(new ObjectMapper().findAndRegisterModules()));

    private static IncidentAlert row(UUID id, String name, String summary) {
        IncidentAlert row = new IncidentAlert();
        row.id = id;
        row.body = "{\"fingerprint\":\"fp-1\",\"service\":\"api\",\"name\":\"" + name + "\",\"status\":\"firing\","
                + "\"summary\":\"" + summary + "\",\"startsAt\":\"2026-12-01T07:00:00Z\"}";
        return row;
    }

    @Test
    void anUnchangedBodyIsParsedOnceAndAChangedOneAfresh() {
        UUID id = UUID.randomUUID();
        Payloads.Alert first = bodies.of(row(id, "HighLatency", "p99 2 s"));
        assertEquals("HighLatency", first.name());
        // the row read again from the database: a new string with the same text
        assertSame(first, bodies.of(row(id, "HighLatency", "p99 2 s")));
        Payloads.Alert changed = bodies.of(row(id, "HighLatency", "p99 5 s"));
        assertNotSame(first, changed);
        assertEquals("p99 5 s", changed.summary());
        // another row with the same text is its own entry
        assertEquals("p99 2 s", bodies.of(row(UUID.randomUUID(), "HighLatency", "p99 2 s")).summary());
    }

    @Test
    void theLeastRecentlyUsedGoFirst() {
        UUID kept = UUID.randomUUID();
        Payloads.Alert hot = bodies.of(row(kept, "DiskFull", "95%"));
        for (int i = 0; i < AlertBodies.CAPACITY + 10; i++) {
            bodies.of(row(UUID.randomUUID(), "Other" + i, "x"));
            if (i % 1000 == 0) {
                assertSame(hot, bodies.of(row(kept, "DiskFull", "95%")));   // used often: stays
            }
        }
        assertSame(hot, bodies.of(row(kept, "DiskFull", "95%")));
    }
}
