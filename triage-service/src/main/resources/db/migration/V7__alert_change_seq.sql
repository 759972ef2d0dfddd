-- re-triage reads only what changed: every insert and update of an incident's alert takes the next number of
-- one sequence, and a replica that triaged an incident before reads only its rows with a higher number
-- (KnownAlerts). Updates take it in a trigger, so that no writer (Hibernate's dirty flush, a bulk update) can forget it.
CREATE SEQUENCE incident_alert_change_seq;
ALTER TABLE incident_alert ADD COLUMN change_seq bigint;
UPDATE incident_alert SET change_seq = nextval('incident_alert_change_seq');
ALTER TABLE incident_alert ALTER COLUMN change_seq SET DEFAULT nextval('incident_alert_change_seq');
ALTER TABLE incident_alert ALTER COLUMN change_seq SET NOT NULL;
CREATE INDEX incident_alert_changes ON incident_alert (incident_id, change_seq);

CREATE FUNCTION incident_alert_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.change_seq := nextval('incident_alert_change_seq');
    RETURN NEW;
END
$$;
CREATE TRIGGER incident_alert_changed BEFORE UPDATE ON incident_alert
    FOR EACH ROW EXECUTE FUNCTION incident_alert_changed();
