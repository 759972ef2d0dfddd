-- detection-service schema: alerts, incidents and their lifecycle, outbox, consumer idempotency, catalog replica.

CREATE TABLE incident (
    id              uuid PRIMARY KEY,
    title           text        NOT NULL,
    status          text        NOT NULL,
    severity        text        NOT NULL,
    services        text[]      NOT NULL,
    alert_count     integer     NOT NULL,
    firing_count    integer     NOT NULL,
    started_at      timestamptz NOT NULL,
    detected_at     timestamptz NOT NULL,
    acknowledged_at timestamptz,
    mitigated_at    timestamptz,
    resolved_at     timestamptz,
    triage_version  integer     NOT NULL DEFAULT 0,
    status_reason   text,
    -- last time a new (or re-fired) alert joined: stabilisation needs "no new firing alert since mitigatedAt"
    last_firing_at  timestamptz,
    -- set while every alert of the incident is resolved, cleared when one fires again
    all_resolved_at timestamptz,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX incident_open_services ON incident USING gin (services) WHERE status <> 'RESOLVED';
CREATE INDEX incident_detected_at ON incident (detected_at DESC);
CREATE INDEX incident_monitoring ON incident (mitigated_at) WHERE status = 'MONITORING';

CREATE TABLE alert (
    id            uuid PRIMARY KEY,
    incident_id   uuid        NOT NULL REFERENCES incident (id),
    fingerprint   text        NOT NULL,
    -- the current row of a fingerprint; older ones stay for history once the cooldown has passed
    active        boolean     NOT NULL,
    source        text        NOT NULL,
    service       text        NOT NULL,
    name          text        NOT NULL,
    status        text        NOT NULL,
    severity      text        NOT NULL,
    summary       text,
    description   text,
    labels        text        NOT NULL,
    metrics       text,
    runbook_url   text,
    dashboard_url text,
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz,
    first_seen_at timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    receive_count integer     NOT NULL
);
-- dedup rests on this: one active alert per fingerprint, whatever the number of replicas
CREATE UNIQUE INDEX alert_active_fingerprint ON alert (fingerprint) WHERE active;
CREATE INDEX alert_incident ON alert (incident_id);

-- one row per service, locked FOR UPDATE while an alert of that service is grouped, so that
-- concurrent alerts of one service open one incident
CREATE TABLE grouping_lock (
    service text PRIMARY KEY
);

CREATE TABLE outbox_event (
    event_id      uuid PRIMARY KEY,
    address       text        NOT NULL,
    type          text        NOT NULL,
    incident_id   uuid,
    body          text        NOT NULL,
    created_at    timestamptz NOT NULL,
    published_at  timestamptz,
    claimed_until timestamptz
);
CREATE INDEX outbox_event_pending ON outbox_event (created_at) WHERE published_at IS NULL;

CREATE TABLE processed_event (
    event_id     uuid PRIMARY KEY,
    type         text        NOT NULL,
    processed_at timestamptz NOT NULL
);

CREATE TABLE catalog_service (
    name       text PRIMARY KEY,
    tier       integer,
    owner      text,
    kind       text,
    depends_on text[]      NOT NULL DEFAULT '{}',
    namespace  text,
    deployment text,
    revision   bigint      NOT NULL,
    -- a tombstone keeps the revision of a deletion so that an older upsert cannot resurrect it
    deleted    boolean     NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL
);
