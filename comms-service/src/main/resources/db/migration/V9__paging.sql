-- Paging and escalation (issue 10, part 2). An escalation walks an escalation policy for one incident; its
-- timer lives here (next_fire_at) and is fired by a sweep on every replica under FOR UPDATE SKIP LOCKED.
CREATE TABLE escalation (
    id              uuid PRIMARY KEY,
    incident_id     uuid        NOT NULL,
    -- active | acknowledged | resolved | exhausted | unrouted (no route: nobody paged, recorded to be seen)
    status          text        NOT NULL,
    reason          text        NOT NULL,
    trigger_type    text,
    owner           text,
    policy          text,
    started_at      timestamptz NOT NULL,
    next_repeat     integer     NOT NULL DEFAULT 0,
    next_level      integer     NOT NULL DEFAULT 1,
    next_fire_at    timestamptz,
    acknowledged_at timestamptz,
    acknowledged_by text,
    stopped_at      timestamptz,
    note            text
);
-- one active escalation per incident
CREATE UNIQUE INDEX escalation_active_once ON escalation (incident_id) WHERE status = 'active';
CREATE INDEX escalation_due ON escalation (next_fire_at) WHERE status = 'active';
CREATE INDEX escalation_incident ON escalation (incident_id, started_at);

-- One page: one user (all of their contact methods) or one channel, at one level of one walk. Written in the
-- transaction that queues its notifications, so a level is paged exactly once.
CREATE TABLE page (
    id               uuid PRIMARY KEY,
    escalation_id    uuid        NOT NULL REFERENCES escalation (id) ON DELETE CASCADE,
    incident_id      uuid        NOT NULL,
    repeat           integer     NOT NULL,
    level            integer     NOT NULL,
    -- 'user:<name>' or 'channel:<name>'
    target           text        NOT NULL,
    user_name        text,
    channel          text        NOT NULL,
    reason           text        NOT NULL,
    sent_at          timestamptz NOT NULL,
    -- SHA-256 (hex) of the one-time acknowledge token; the token itself is only in the page's notifications
    token_hash       text        NOT NULL,
    token_expires_at timestamptz NOT NULL,
    token_used_at    timestamptz,
    CONSTRAINT page_once UNIQUE (incident_id, escalation_id, repeat, level, target)
);
CREATE INDEX page_incident ON page (incident_id, sent_at);
