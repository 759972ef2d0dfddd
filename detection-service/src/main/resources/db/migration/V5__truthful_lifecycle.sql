-- Issue 8, the lifecycle tells the truth: incidents reopen, and resolve by themselves only once every
-- alert has stayed resolved for the stabilisation window.
ALTER TABLE incident ADD COLUMN reopened_at timestamptz;
ALTER TABLE incident ADD COLUMN reopen_count integer NOT NULL DEFAULT 0;

-- the stabilisation check's candidates: nothing firing, every alert resolved since all_resolved_at
DROP INDEX incident_monitoring;
CREATE INDEX incident_quiet ON incident (all_resolved_at) WHERE status <> 'RESOLVED' AND firing_count = 0;
