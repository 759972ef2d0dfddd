-- Learning from outcomes: what each triage was scored on, confirmed causes, action outcomes, and the
-- versioned model trained on them.

-- JSON: the model version used, every candidate's feature values, the incident's signature, similar incidents.
ALTER TABLE triage_result ADD COLUMN analysis text;

-- The confirmed cause of an incident; a stronger source replaces a weaker one (feedback > note > remediation).
CREATE TABLE incident_outcome (
    incident_id    uuid PRIMARY KEY REFERENCES triage_incident (incident_id),
    root_service   text        NOT NULL,
    category       text        NOT NULL,
    source         text        NOT NULL CHECK (source IN ('remediation', 'resolution_note', 'feedback')),
    confirmed_by   text,
    note           text,
    resolution     text,
    triage_version integer     NOT NULL,
    example        text        NOT NULL,
    signature      text        NOT NULL,
    recorded_at    timestamptz NOT NULL
);
CREATE INDEX incident_outcome_recorded ON incident_outcome (recorded_at DESC);

-- Whether a remediation action verified recovery, per root-cause category.
CREATE TABLE action_outcome (
    id           uuid PRIMARY KEY,
    incident_id  uuid        NOT NULL,
    execution_id uuid        NOT NULL UNIQUE,
    category     text        NOT NULL,
    action       text        NOT NULL,
    succeeded    boolean     NOT NULL,
    recorded_at  timestamptz NOT NULL
);

-- Every version of the model: root-cause weights and action success tallies. Version 0 (the priors) is implicit.
CREATE TABLE triage_model (
    version         integer PRIMARY KEY,
    weights         text        NOT NULL,
    action_outcomes text        NOT NULL,
    examples        integer     NOT NULL,
    reason          text        NOT NULL,
    trained_at      timestamptz NOT NULL
);
