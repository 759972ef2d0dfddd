package io.irsuite.events;

/**
 * AMQP address and queue names. {@code incident-events} and {@code catalog-events} are multicast
 * addresses with one durable queue per consuming service, so every service sees every event and
 * the replicas of one service compete for them; an event sent while a service is down waits in its
 * queue. Consumers attach to their queue by its fully qualified name {@code address::queue}.
 */
public final class Addresses {

    /** Multicast: every incident event, in an {@link EventEnvelope}. */
    public static final String INCIDENT_EVENTS = "incident-events";
    /** Anycast: inbound alerts, each message the JSON body of {@code POST /api/v1/alerts}. */
    public static final String ALERTS = "alerts";
    /** Anycast: inbound change events (deploys, config, flags, infra), each the JSON body of triage's {@code POST /api/v1/changes}. */
    public static final String CHANGES = "changes";
    /** Multicast: catalog replication from triage, in an {@link EventEnvelope}. */
    public static final String CATALOG_EVENTS = "catalog-events";
    /** Anycast: where the broker puts messages that failed their bounded redeliveries. */
    public static final String DEAD_LETTER = "DLQ";

    /** The services that consume {@link #INCIDENT_EVENTS}; each has its own queue there. */
    public static final String[] INCIDENT_CONSUMERS = {"detection", "triage", "remediation", "comms"};
    /** The services that keep a catalog replica from {@link #CATALOG_EVENTS} (triage owns the catalog). */
    public static final String[] CATALOG_CONSUMERS = {"detection", "remediation", "comms"};

    private Addresses() {
    }

    /** The durable queue of {@code service} on {@code address}, e.g. {@code incident-events.triage}. */
    public static String queue(String address, String service) {
        return address + "." + service;
    }

    /** The fully qualified queue name a consumer attaches to, e.g. {@code incident-events::incident-events.triage}. */
    public static String fqqn(String address, String service) {
        return address + "::" + queue(address, service);
    }
}
