package io.irsuite.triage.service;

import io.irsuite.events.Payloads;
import io.irsuite.triage.domain.IncidentAlert;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Stored alert bodies, parsed once: every triage of an incident reads all of its alerts (hundreds in a storm,
 * most unchanged since the last triage), and parsing their JSON again each time was 11% of triage's CPU.
 * Kept per alert row and checked against the row's current text, so a changed body is parsed afresh; the
 * least recently used go first. Derived from the database only, so replicas need not agree on it.
 */
@ApplicationScoped
public class AlertBodies {

    static final int CAPACITY = 8192;

    private record Parsed(String json, Payloads.Alert alert) {
    }

    private final StoredJson stored;
    private final Map<UUID, Parsed> parsed = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Parsed> eldest) {
            return size() > CAPACITY;
        }
    };

    public AlertBodies(StoredJson stored) {
        this.stored = stored;
    }

    /** The row's body as an alert (the same instance while its text is unchanged: never modify it). */
    public Payloads.Alert of(IncidentAlert row) {
        synchronized (parsed) {
            Parsed p = parsed.get(row.id);
            if (p != null && p.json().equals(row.body)) {
                return p.alert();
            }
        }
        Payloads.Alert alert = stored.read(row.body, Payloads.Alert.class);
        synchronized (parsed) {
            parsed.put(row.id, new Parsed(row.body, alert));
        }
        return alert;
    }
}
