-- comms-service schema: timeline, incident view, channels, notifications, catalog replica, outbox.

-- Idempotent consumers: one row per event applied, written with the effect.
CREATE TABLE processed_event (
    event_id     uuid PRIMARY KEY,
    type         text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);

-- Transactional outbox (events comms emits, e.g. PageSent).
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

-- Every event of every type, as a responder reads it.
CREATE TABLE timeline_entry (
    event_id    uuid PRIMARY KEY,
    seq         bigserial   NOT NULL UNIQUE,
    incident_id uuid,
    at          timestamptz NOT NULL,
    type        text        NOT NULL,
    producer    text,
    summary     text        NOT NULL,
    payload     jsonb
);
CREATE INDEX timeline_entry_incident ON timeline_entry (incident_id, at, seq);

-- The incident as comms knows it from the events (detection owns the lifecycle). JSON columns hold
-- objects only: details = {services, actions, impact, blastRadius, triageVersion, remediation}.
CREATE TABLE incident_view (
    incident_id     uuid PRIMARY KEY,
    title           text,
    severity        text,
    status          text,
    started_at      timestamptz,
    detected_at     timestamptz,
    acknowledged_at timestamptz,
    mitigated_at    timestamptz,
    resolved_at     timestamptz,
    status_at       timestamptz,
    root_cause      jsonb,
    details         jsonb       NOT NULL DEFAULT '{}',
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_view_status ON incident_view (status);
CREATE INDEX incident_view_started ON incident_view (started_at);

-- Stakeholder updates (one per notifiable event), shown on the status page.
CREATE TABLE incident_update (
    id          uuid PRIMARY KEY,
    incident_id uuid        NOT NULL,
    event_id    uuid        NOT NULL UNIQUE,
    at          timestamptz NOT NULL,
    kind        text        NOT NULL,
    status      text        NOT NULL,
    severity    text,
    text        text        NOT NULL
);
CREATE INDEX incident_update_incident ON incident_update (incident_id, at);

CREATE TABLE channel (
    name         text PRIMARY KEY,
    type         text        NOT NULL,
    url          text,
    address      text,
    min_severity text        NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- One delivery per channel and notifiable event; the sender works through the PENDING ones.
CREATE TABLE notification (
    id              uuid PRIMARY KEY,
    channel         text        NOT NULL,
    channel_type    text        NOT NULL,
    target          text,
    incident_id     uuid        NOT NULL,
    event_id        uuid        NOT NULL,
    kind            text        NOT NULL,
    body            jsonb       NOT NULL,
    status          text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    claimed_until   timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    CONSTRAINT notification_once_per_channel UNIQUE (event_id, channel)
);
CREATE INDEX notification_due ON notification (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX notification_incident ON notification (incident_id, created_at);

-- Replica of triage's service catalog; deleted entries stay as tombstones so older revisions lose.
CREATE TABLE catalog_service (
    name       text PRIMARY KEY,
    tier       integer,
    owner      text,
    kind       text,
    revision   bigint      NOT NULL,
    deleted    boolean     NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL
);
