-- Issue 8, silences: alerts a silence matches are stored muted (silenced) and open nothing; when the
-- silence ends while they still fire, they are evaluated again.
CREATE TABLE silence (
    id         uuid PRIMARY KEY,
    matchers   text        NOT NULL,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    created_by text        NOT NULL,
    comment    text        NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX silence_ends_at ON silence (ends_at);

-- silenced: muted now; silenced_by: the silence that muted it last (kept once it is evaluated again)
ALTER TABLE alert ADD COLUMN silenced boolean NOT NULL DEFAULT false;
ALTER TABLE alert ADD COLUMN silenced_by uuid;
CREATE INDEX alert_silenced_firing ON alert (first_seen_at) WHERE silenced AND active AND status = 'firing';

-- the grouping worker's queue leaves muted alerts out
DROP INDEX alert_ungrouped;
CREATE INDEX alert_ungrouped ON alert (first_seen_at, id) WHERE incident_id IS NULL AND NOT silenced;
