-- Heartbeats (dead man's switches), synthetic HTTP checks, and the alerts detection raises for them.
-- Every replica ticks; claims (FOR UPDATE SKIP LOCKED with a conditional UPDATE) make each due row act once.

CREATE TABLE heartbeat (
    name             text PRIMARY KEY,
    service          text        NOT NULL,
    interval_seconds integer     NOT NULL,
    grace_seconds    integer     NOT NULL,
    severity         text        NOT NULL,
    -- new (never pinged), ok, missed (HeartbeatMissed raised until the next ping)
    state            text        NOT NULL,
    last_ping_at     timestamptz,
    ping_count       bigint      NOT NULL DEFAULT 0,
    -- last ping (or the last configuration, if never pinged) + interval + grace
    deadline         timestamptz NOT NULL,
    missed_at        timestamptz,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX heartbeat_due ON heartbeat (deadline) WHERE state <> 'missed';

CREATE TABLE synthetic_check (
    name                  text PRIMARY KEY,
    service               text        NOT NULL,
    url                   text        NOT NULL,
    method                text        NOT NULL,
    expected_status       integer     NOT NULL,
    interval_seconds      integer     NOT NULL,
    timeout_seconds       integer     NOT NULL,
    failures_before_alert integer     NOT NULL,
    severity              text        NOT NULL,
    -- bumped by every replacement: a probe claimed under an older configuration records nothing
    config_version        integer     NOT NULL,
    next_run_at           timestamptz NOT NULL,
    last_run_at           timestamptz,
    consecutive_failures  integer     NOT NULL DEFAULT 0,
    -- start of the current run of failures (the alert's startsAt)
    failing_since         timestamptz,
    -- SyntheticCheckFailed is raised (until a probe passes)
    alerting              boolean     NOT NULL DEFAULT false,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);
CREATE INDEX synthetic_check_due ON synthetic_check (next_run_at);

-- the last results of each check (older ones are pruned as new ones are recorded)
CREATE TABLE check_result (
    id          bigserial PRIMARY KEY,
    check_name  text        NOT NULL REFERENCES synthetic_check (name) ON DELETE CASCADE,
    started_at  timestamptz NOT NULL,
    duration_ms integer     NOT NULL,
    passed      boolean     NOT NULL,
    status      integer,
    error       text
);
CREATE INDEX check_result_recent ON check_result (check_name, id DESC);

-- The alert detection itself wants to be firing or resolved, per fingerprint, written in the transaction of
-- the state change that decided it and handed to the ingest path until delivered_version catches up with
-- version (at least once: a repeat is a duplicate). A delivered resolution is deleted.
CREATE TABLE raised_alert (
    fingerprint       text PRIMARY KEY,
    source            text        NOT NULL,
    service           text        NOT NULL,
    name              text        NOT NULL,
    status            text        NOT NULL,
    severity          text        NOT NULL,
    summary           text,
    description       text,
    labels            text        NOT NULL,
    starts_at         timestamptz NOT NULL,
    ends_at           timestamptz,
    version           bigint      NOT NULL,
    delivered_version bigint      NOT NULL DEFAULT 0,
    claimed_until     timestamptz,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX raised_alert_pending ON raised_alert (updated_at) WHERE delivered_version < version;
