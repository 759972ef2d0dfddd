-- Issue 8, inhibition: configured rules (Alertmanager's source/target matchers and equal labels); an
-- inhibited alert is attached to its inhibitor's incident as evidence and never opens one of its own.
CREATE TABLE inhibit_rule (
    name            text PRIMARY KEY,
    source_matchers text        NOT NULL,
    target_matchers text        NOT NULL,
    equal_labels    text        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- inhibited_by: "<fingerprint> (<name> on <service>, rule <rule>)" of the firing alert that inhibits it
ALTER TABLE alert ADD COLUMN inhibited_by text;
ALTER TABLE alert ADD COLUMN inhibit_rule text;

-- the firing alerts that may inhibit a grouping run's alerts: the cause-like ones by service (the predicate is
-- AlertKinds.CAUSE_PREFILTER, and the query repeats it word for word so that PostgreSQL uses this small index
-- instead of reading every firing alert of an alert storm), and by name for configured rules
CREATE INDEX alert_firing_cause ON alert (service, name) WHERE active AND status = 'firing'
    AND name ~* 'down|unavailable|unreachable|outage|dead|off[^a-z0-9]?line|crash|oom|fail[^a-z0-9]?over|not[^a-z0-9]?ready|partition';
CREATE INDEX alert_firing_name ON alert (name) WHERE active AND status = 'firing';
