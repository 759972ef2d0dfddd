-- paced re-triage: an incident is re-triaged again no sooner than retriage_not_before, which the triage
-- that computed its last version set from the number of alerts it read (ir.triage.retriage-interval-per-alert
-- between ir.triage.min-retriage-interval and ir.triage.max-retriage-interval): a big incident in a storm
-- is read whole less often, so re-triage costs about the same per second whatever its size
ALTER TABLE triage_incident ADD COLUMN retriage_not_before timestamptz;
UPDATE triage_incident SET retriage_not_before = last_triaged_at + interval '1 second' WHERE last_triaged_at IS NOT NULL;
