-- People and paging (issue 10, part 1): users, on-call schedules, escalation policies, routes.
-- Schedules and policies keep their definitions as JSON text (the API's normalised shape); the member and
-- target tables hold what a definition names, so the database refuses to delete a user or schedule still in use
-- (foreign keys), also when two replicas race.

CREATE TABLE oncall_user (
    name          text PRIMARY KEY,
    email         text,
    slack_webhook text,
    webhook       text,
    time_zone     text        NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE TABLE oncall_schedule (
    name       text PRIMARY KEY,
    definition text        NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Every user a schedule names (in a layer or an override).
CREATE TABLE schedule_member (
    schedule  text NOT NULL REFERENCES oncall_schedule (name) ON DELETE CASCADE,
    user_name text NOT NULL REFERENCES oncall_user (name),
    PRIMARY KEY (schedule, user_name)
);
CREATE INDEX schedule_member_user ON schedule_member (user_name);

CREATE TABLE escalation_policy (
    name       text PRIMARY KEY,
    definition text        NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Every user and schedule a policy names; channels are checked when the policy is written and may go later.
CREATE TABLE policy_target (
    policy    text NOT NULL REFERENCES escalation_policy (name) ON DELETE CASCADE,
    user_name text REFERENCES oncall_user (name),
    schedule  text REFERENCES oncall_schedule (name),
    CHECK ((user_name IS NULL) <> (schedule IS NULL))
);
CREATE UNIQUE INDEX policy_target_user ON policy_target (policy, user_name) WHERE user_name IS NOT NULL;
CREATE UNIQUE INDEX policy_target_schedule ON policy_target (policy, schedule) WHERE schedule IS NOT NULL;
CREATE INDEX policy_target_by_user ON policy_target (user_name) WHERE user_name IS NOT NULL;
CREATE INDEX policy_target_by_schedule ON policy_target (schedule) WHERE schedule IS NOT NULL;

-- A catalog owner (team) -> the policy that pages it; the owner 'default' is the fallback.
CREATE TABLE paging_route (
    owner      text PRIMARY KEY,
    policy     text        NOT NULL REFERENCES escalation_policy (name),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX paging_route_policy ON paging_route (policy);
