-- Runbooks: the row holds the newest version (for selection and GET); every PUT also appends an
-- immutable row to runbook_version.
CREATE TABLE runbook (
    id              text PRIMARY KEY,
    current_version integer     NOT NULL,
    enabled         boolean     NOT NULL,
    definition      text        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE TABLE runbook_version (
    runbook_id text        NOT NULL REFERENCES runbook (id),
    version    integer     NOT NULL,
    definition text        NOT NULL,
    created_by text,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (runbook_id, version)
);

CREATE TABLE execution (
    id              uuid PRIMARY KEY,
    incident_id     uuid        NOT NULL,
    runbook_id      text        NOT NULL REFERENCES runbook (id),
    runbook_version integer     NOT NULL,
    action          text        NOT NULL,
    target          text,
    reason          text,
    status          text        NOT NULL,
    triage_version  integer,
    approval_reason text,
    approved_by     text,
    rejected_by     text,
    decided_at      timestamptz,
    note            text,
    error           text,
    runner          text,
    lease_until     timestamptz,
    created_at      timestamptz NOT NULL,
    started_at      timestamptz,
    finished_at     timestamptz,
    FOREIGN KEY (runbook_id, runbook_version) REFERENCES runbook_version (runbook_id, version)
);
CREATE INDEX execution_incident_idx ON execution (incident_id, created_at);
CREATE INDEX execution_running_idx ON execution (lease_until) WHERE status = 'RUNNING';
-- At most one live (or successful) remediation per incident, even with N replicas consuming.
CREATE UNIQUE INDEX execution_one_active_per_incident ON execution (incident_id)
    WHERE status IN ('PENDING_APPROVAL', 'RUNNING', 'SUCCEEDED');

CREATE TABLE execution_step (
    id           uuid PRIMARY KEY,
    execution_id uuid        NOT NULL REFERENCES execution (id),
    seq          integer     NOT NULL,
    name         text        NOT NULL,
    type         text        NOT NULL,
    rollback_of  integer,
    status       text        NOT NULL,
    attempts     integer     NOT NULL,
    started_at   timestamptz,
    finished_at  timestamptz,
    output       text,
    UNIQUE (execution_id, seq)
);

-- Newest triage version seen per incident, and whether the incident is resolved.
CREATE TABLE incident_state (
    incident_id    uuid PRIMARY KEY,
    triage_version integer     NOT NULL,
    resolved       boolean     NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- Replica of triage's service catalog (only what remediation needs); deleted rows stay as
-- tombstones so that an older upsert delivered late cannot resurrect them.
CREATE TABLE catalog_service (
    name       text PRIMARY KEY,
    namespace  text,
    deployment text,
    kind       text,
    owner      text,
    revision   bigint      NOT NULL,
    deleted    boolean     NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE audit_log (
    id         uuid PRIMARY KEY,
    at         timestamptz NOT NULL,
    actor      text        NOT NULL,
    action     text        NOT NULL,
    subject    text        NOT NULL,
    detail     text
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject, at);

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
CREATE INDEX outbox_event_pending_idx ON outbox_event (created_at) WHERE published_at IS NULL;

CREATE TABLE processed_event (
    event_id     uuid PRIMARY KEY,
    type         text        NOT NULL,
    processed_at timestamptz NOT NULL
);
