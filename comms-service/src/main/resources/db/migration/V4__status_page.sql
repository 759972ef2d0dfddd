-- Status page fit for customers: public components, manual overrides, scheduled maintenance and the
-- impact history the 90-day uptime bar is computed from.

-- A customer-facing component: a display name over one or more catalog services.
CREATE TABLE status_component (
    name         text PRIMARY KEY,
    display_name text        NOT NULL,
    group_name   text,
    is_public    boolean     NOT NULL,
    services     text[]      NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- Manual statuses over time: in effect from from_at until the earlier of until_at and cleared_at.
-- Rows are kept (they are part of the uptime history); at most one per component is not cleared.
CREATE TABLE status_override (
    id         uuid PRIMARY KEY,
    component  text        NOT NULL REFERENCES status_component (name) ON DELETE CASCADE,
    status     text        NOT NULL,
    from_at    timestamptz NOT NULL,
    until_at   timestamptz,
    cleared_at timestamptz,
    set_by     text        NOT NULL,
    cleared_by text
);
CREATE UNIQUE INDEX status_override_current ON status_override (component) WHERE cleared_at IS NULL;

-- Scheduled maintenance: the listed components are under maintenance in [starts_at, ends_at).
CREATE TABLE status_maintenance (
    id          uuid PRIMARY KEY,
    title       text        NOT NULL,
    description text,
    components  text[]      NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    CONSTRAINT status_maintenance_window CHECK (ends_at > starts_at)
);
CREATE INDEX status_maintenance_ends ON status_maintenance (ends_at);

-- Impact history: a service hit by an active incident at a severity from from_at until to_at (NULL while
-- it lasts). Written with the incident's events; a component's past status is derived from its services'.
CREATE TABLE status_impact (
    id          uuid PRIMARY KEY,
    incident_id uuid        NOT NULL,
    service     text        NOT NULL,
    severity    text,
    from_at     timestamptz NOT NULL,
    to_at       timestamptz
);
CREATE UNIQUE INDEX status_impact_open ON status_impact (incident_id, service) WHERE to_at IS NULL;
CREATE INDEX status_impact_service ON status_impact (service, from_at);

-- The incidents comms already knows, so that the bar does not start empty (severity changes before
-- this migration are not known: each incident counts at its current severity).
INSERT INTO status_impact (id, incident_id, service, severity, from_at, to_at)
SELECT gen_random_uuid(), v.incident_id, s.service, v.severity, v.from_at,
       CASE WHEN v.status = 'RESOLVED' THEN GREATEST(v.from_at, COALESCE(v.resolved_at, v.updated_at)) END
FROM (SELECT incident_id, severity, status, resolved_at, updated_at, COALESCE(started_at, updated_at) AS from_at,
             CASE WHEN jsonb_typeof(details -> 'services') = 'array' THEN details -> 'services' ELSE '[]'::jsonb END
                 AS services
      FROM incident_view
      WHERE status IS DISTINCT FROM 'RESOLVED' OR resolved_at > now() - interval '100 days') v
     CROSS JOIN LATERAL (SELECT DISTINCT e AS service FROM jsonb_array_elements_text(v.services) AS e) s;
