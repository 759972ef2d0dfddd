-- Issue 7: each detection replica answers repeats of an alert that fires in an open incident from memory
-- (FiringAlertCache) instead of looking it up in this table for every request. Whatever may end that state, on
-- any replica and on any code path, is announced at its commit, so that every replica forgets the alert before
-- it answers another repeat of it: the alert's status, active row, silencing or incident changing (not its
-- first grouping: an alert without an incident is never kept), a firing row deleted, an incident resolved or
-- reopened. Repeat counts and last-seen times (the update of every second) change none of these, so they
-- announce nothing.
CREATE FUNCTION announce_alert_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('alert_changed', OLD.fingerprint);
    RETURN NULL;
END $$;

CREATE TRIGGER alert_changed AFTER UPDATE ON alert FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.active IS DISTINCT FROM NEW.active
          OR OLD.silenced IS DISTINCT FROM NEW.silenced OR OLD.fingerprint IS DISTINCT FROM NEW.fingerprint
          OR (OLD.incident_id IS NOT NULL AND OLD.incident_id IS DISTINCT FROM NEW.incident_id))
    EXECUTE FUNCTION announce_alert_change();

CREATE TRIGGER alert_deleted AFTER DELETE ON alert FOR EACH ROW
    WHEN (OLD.active AND OLD.status = 'firing')
    EXECUTE FUNCTION announce_alert_change();

CREATE FUNCTION announce_incident_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('incident_changed', NEW.id::text);
    RETURN NULL;
END $$;

CREATE TRIGGER incident_changed AFTER UPDATE ON incident FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status AND (OLD.status = 'RESOLVED' OR NEW.status = 'RESOLVED'))
    EXECUTE FUNCTION announce_incident_change();
