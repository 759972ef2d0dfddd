-- Issue 9: verified recovery, safety, crash takeover, runbook metadata.

-- Executions: why one failed (RemediationFailures kind), dry run, the recommendation's confidence (queue
-- order), the target's coordinates at selection (cooldown and per-namespace limit), recovery
-- verification, a pending cancellation, and the MTTR escalation already sent.
ALTER TABLE execution ADD COLUMN failure text;
ALTER TABLE execution ADD COLUMN dry_run boolean NOT NULL DEFAULT false;
ALTER TABLE execution ADD COLUMN confidence double precision;
ALTER TABLE execution ADD COLUMN target_key text;
ALTER TABLE execution ADD COLUMN target_namespace text;
ALTER TABLE execution ADD COLUMN verify_until timestamptz;
ALTER TABLE execution ADD COLUMN cancel_requested text;
ALTER TABLE execution ADD COLUMN overdue_at timestamptz;

-- Several recommended actions of one incident may run in parallel: one live (or successful)
-- execution per incident and action.
DROP INDEX execution_one_active_per_incident;
CREATE UNIQUE INDEX execution_one_active_per_action ON execution (incident_id, action)
    WHERE status IN ('PENDING_APPROVAL', 'RUNNING', 'SUCCEEDED');
CREATE INDEX execution_target_recent ON execution (target_key, action, started_at);
CREATE INDEX execution_runbook_idx ON execution (runbook_id, finished_at);

-- Steps: what a kubernetes step is about to change, written before the change is sent (so a takeover
-- after a crash can undo it), and whether a failure was the suite not reaching the target.
ALTER TABLE execution_step ADD COLUMN undo text;
ALTER TABLE execution_step ADD COLUMN unreachable boolean NOT NULL DEFAULT false;

-- What remediation knows of an incident: its severity (MTTR target) and when it started.
ALTER TABLE incident_state ADD COLUMN severity text;
ALTER TABLE incident_state ADD COLUMN started_at timestamptz;

-- The incident's alerts and whether each still fires: verified recovery waits until none fires.
CREATE TABLE incident_alert (
    incident_id uuid        NOT NULL,
    fingerprint text        NOT NULL,
    name        text,
    service     text,
    firing      boolean     NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (incident_id, fingerprint)
);
CREATE INDEX incident_alert_firing ON incident_alert (incident_id) WHERE firing;
