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

-- the firing alerts that may inhibit a batch's alerts, read by service or by name
CREATE INDEX alert_firing_service ON alert (service) WHERE active AND status = 'firing';
CREATE INDEX alert_firing_name ON alert (name) WHERE active AND status = 'firing';
