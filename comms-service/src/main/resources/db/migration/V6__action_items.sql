-- Postmortem action items (issue 10, part 6): created by people, or seeded once from a resolved incident.
CREATE TABLE action_item (
    id          uuid PRIMARY KEY,
    incident_id uuid        NOT NULL,
    title       text        NOT NULL,
    owner       text        NOT NULL,
    priority    text        NOT NULL,
    due_date    date        NOT NULL,
    status      text        NOT NULL,
    -- 'manual', or 'seeded:<rule>' for the ones drafted from the incident
    source      text        NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX action_item_incident ON action_item (incident_id, created_at);
CREATE INDEX action_item_open_due ON action_item (due_date) WHERE status = 'open';
-- a rule seeds at most one item per incident, whichever replica seeds it
CREATE UNIQUE INDEX action_item_one_seed ON action_item (incident_id, source) WHERE source <> 'manual';

-- Resolved incidents whose items were seeded (once, on the first resolution).
CREATE TABLE action_item_seeding (
    incident_id uuid PRIMARY KEY,
    seeded_at   timestamptz NOT NULL,
    items       integer     NOT NULL
);
