-- coalesced re-triage: an event records its alert and asks for a triage; the triage worker computes one
-- version with everything asked for since, one incident at a time, and an incident at most once per
-- ir.triage.min-retriage-interval (last_triaged_at)
ALTER TABLE triage_incident ADD COLUMN retriage_requested_at timestamptz;
ALTER TABLE triage_incident ADD COLUMN last_triaged_at timestamptz;
CREATE INDEX triage_incident_retriage_requested ON triage_incident (retriage_requested_at)
    WHERE retriage_requested_at IS NOT NULL;
