-- The severity of the newest triage, so a re-triage can say how it moved.
ALTER TABLE triage_incident ADD COLUMN severity text;
