package io.irsuite.detection.service;

import io.irsuite.detection.domain.Alert;
import io.irsuite.detection.domain.Incident;
import io.irsuite.detection.repository.AlertRepository;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.outbox.Outbox;
import io.irsuite.platform.work.InOrder;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The events of one transaction that stores or groups alerts, and the stored rows a grouping run grouped
 * ({@link #grouped}), written together in one statement before anything reads them and at the end. The alerts it attaches to one incident become
 * one AlertAttached (a storm attaches hundreds a second to a few incidents; one event each was most of the
 * work of every consumer and of the broker), written before any other event of that incident and at the end
 * ({@link #flushAll()}), so that each incident's events keep the order in which they happened. Not
 * thread-safe: lives as long as its transaction.
 */
final class GroupingEvents {

    private record Pending(Incident incident, List<Payloads.Alert> alerts) {
    }

    private final Outbox outbox;
    private final AlertRepository alerts;
    private final Map<UUID, Pending> pending = new LinkedHashMap<>();
    private final List<Alert> grouped = new ArrayList<>();

    GroupingEvents(Outbox outbox, AlertRepository alerts) {
        this.outbox = outbox;
        this.alerts = alerts;
    }

    /** {@code row}, loaded by {@link AlertRepository#ungroupedForUpdate}, was grouped: written by {@link #writeGrouped}. */
    void grouped(Alert row) {
        grouped.add(row);
    }

    /** Writes the rows grouped so far (one statement), after the session's pending changes. */
    Uni<Void> writeGrouped() {
        if (grouped.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Alert> rows = List.copyOf(grouped);
        grouped.clear();
        return alerts.writeGrouping(rows);
    }

    /** {@code alert} joined {@code incident}; its AlertAttached is written later, with the others of the run. */
    void attached(Incident incident, Payloads.Alert alert) {
        pending.computeIfAbsent(incident.id, id -> new Pending(incident, new ArrayList<>())).alerts().add(alert);
    }

    /** Writes an event of the incident, after the alerts attached to it so far. */
    Uni<Void> add(EventType type, UUID incidentId, Record payload) {
        return flush(incidentId).chain(() -> outbox.add(type, incidentId, payload)).replaceWithVoid();
    }

    /** Writes the AlertAttached of the alerts attached to the incident so far, if any. */
    Uni<Void> flush(UUID incidentId) {
        Pending p = pending.remove(incidentId);
        if (p == null) {
            return Uni.createFrom().voidItem();
        }
        // the incident's services and count after the last of them
        return outbox.add(EventType.AlertAttached, incidentId, new Payloads.AlertAttached(p.alerts(),
                List.of(p.incident().services), p.incident().alertCount)).replaceWithVoid();
    }

    /** Writes the rows grouped and every pending AlertAttached; the last step of the transaction. */
    Uni<Void> flushAll() {
        return writeGrouped().chain(() -> InOrder.each(List.copyOf(pending.keySet()), this::flush));
    }
}
