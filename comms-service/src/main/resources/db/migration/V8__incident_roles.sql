-- Incident roles (issue 10, part 5): who is incident commander, communications lead and scribe.
CREATE TABLE incident_role (
    incident_id uuid        NOT NULL,
    role        text        NOT NULL,
    user_name   text        NOT NULL,
    assigned_by text        NOT NULL,
    assigned_at timestamptz NOT NULL,
    PRIMARY KEY (incident_id, role)
);
