package io.irsuite.events;

/**
 * Every event type, named as in the envelope's {@code type} field, with the payload record it
 * carries and the service that emits it.
 */
public enum EventType {
    // detection: the incident lifecycle
    IncidentOpened(Payloads.IncidentOpened.class),
    AlertAttached(Payloads.AlertAttached.class),
    AlertResolved(Payloads.AlertResolved.class),
    IncidentSeverityChanged(Payloads.IncidentSeverityChanged.class),
    IncidentStatusChanged(Payloads.IncidentStatusChanged.class),
    IncidentAcknowledged(Payloads.IncidentAcknowledged.class),
    IncidentMitigated(Payloads.IncidentMitigated.class),
    IncidentResolved(Payloads.IncidentResolved.class),
    IncidentReopened(Payloads.IncidentReopened.class),
    IncidentMerged(Payloads.IncidentMerged.class),
    // triage
    IncidentTriaged(Payloads.IncidentTriaged.class),
    // remediation
    RemediationStarted(Payloads.RemediationStarted.class),
    RemediationStepCompleted(Payloads.RemediationStepCompleted.class),
    RemediationApprovalRequested(Payloads.RemediationApprovalRequested.class),
    RemediationSucceeded(Payloads.RemediationSucceeded.class),
    RemediationFailed(Payloads.RemediationFailed.class),
    RemediationRolledBack(Payloads.RemediationRolledBack.class),
    RemediationOverdue(Payloads.RemediationOverdue.class),
    // comms
    Escalated(Payloads.Escalated.class),
    PageSent(Payloads.PageSent.class),
    AcknowledgementRequested(Payloads.AcknowledgementRequested.class),
    PageAcknowledged(Payloads.PageAcknowledged.class),
    // triage, on catalog-events
    CatalogServiceUpserted(Payloads.CatalogServiceUpserted.class),
    CatalogServiceDeleted(Payloads.CatalogServiceDeleted.class);

    private final Class<? extends Record> payloadType;

    EventType(Class<? extends Record> payloadType) {
        this.payloadType = payloadType;
    }

    /** The record the envelope's payload deserialises to. */
    public Class<? extends Record> payloadType() {
        return payloadType;
    }

    /**
     * The version of this type's payload schema, carried in the envelope's {@code schemaVersion}: 2 for
     * {@code AlertAttached} (a list of alerts since 2026-12-01), 1 for every other type.
     */
    public int schemaVersion() {
        return this == AlertAttached ? 2 : 1;
    }

    /** The type named {@code name}, or null for a type this version does not know. */
    public static EventType fromName(String name) {
        for (EventType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }
}
