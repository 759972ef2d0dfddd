-- Stakeholder updates on the playbook's cadence, and bursts of changes coalesced into one update (issue 10,
-- part 4). One row per incident that stakeholders were told about: what the last update told (announced), when
-- the coalesced update of pending changes goes out (due_at, set by the first change after the last update) and
-- when the cadence comes round (next_update_at). A sweep on every replica fires due rows under FOR UPDATE SKIP
-- LOCKED; seq numbers the timed updates, whose ids are derived from it, so an update cannot be recorded twice.
CREATE TABLE update_timer (
    incident_id     uuid PRIMARY KEY,
    announced       jsonb,
    announced_at    timestamptz,
    pending_events  integer     NOT NULL DEFAULT 0,
    due_at          timestamptz,
    next_update_at  timestamptz,
    seq             integer     NOT NULL DEFAULT 0
);
CREATE INDEX update_timer_due ON update_timer (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX update_timer_cadence ON update_timer (next_update_at) WHERE next_update_at IS NOT NULL;
