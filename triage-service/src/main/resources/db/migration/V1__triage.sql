-- triage-service schema: catalog, changes, per-incident alerts and triage results, outbox, inbox.

CREATE SEQUENCE catalog_revision_seq;

CREATE TABLE catalog_service (
    name            text PRIMARY KEY,
    tier            integer     NOT NULL CHECK (tier BETWEEN 1 AND 4),
    owner           text,
    kind            text        NOT NULL CHECK (kind IN ('service', 'database', 'cache', 'queue', 'external')),
    depends_on      text        NOT NULL DEFAULT '',
    k8s_namespace   text,
    k8s_deployment  text,
    revision        bigint      NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE TABLE change_event (
    id               uuid PRIMARY KEY,
    service          text        NOT NULL,
    type             text        NOT NULL CHECK (type IN ('deploy', 'config', 'feature_flag', 'infra')),
    version          text,
    previous_version text,
    description      text,
    at               timestamptz NOT NULL,
    received_at      timestamptz NOT NULL
);
CREATE INDEX change_event_service_at ON change_event (service, at DESC);
CREATE INDEX change_event_at ON change_event (at DESC);

-- One row per incident triage has seen; its row lock serialises re-triage so versions never repeat.
CREATE TABLE triage_incident (
    incident_id  uuid PRIMARY KEY,
    title        text,
    services     text        NOT NULL DEFAULT '',
    version      integer     NOT NULL DEFAULT 0,
    resolved     boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE TABLE incident_alert (
    id           uuid PRIMARY KEY,
    incident_id  uuid        NOT NULL REFERENCES triage_incident (incident_id),
    alert_key    text        NOT NULL,
    service      text,
    status       text        NOT NULL,
    starts_at    timestamptz,
    body         text        NOT NULL,
    last_seen_at timestamptz NOT NULL,
    UNIQUE (incident_id, alert_key)
);
CREATE INDEX incident_alert_firing_service ON incident_alert (service, last_seen_at) WHERE status = 'firing';

CREATE TABLE triage_result (
    id              uuid PRIMARY KEY,
    incident_id     uuid        NOT NULL REFERENCES triage_incident (incident_id),
    version         integer     NOT NULL,
    severity        text        NOT NULL,
    auto_remediate  boolean     NOT NULL,
    body            text        NOT NULL,
    triaged_at      timestamptz NOT NULL,
    UNIQUE (incident_id, version)
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
