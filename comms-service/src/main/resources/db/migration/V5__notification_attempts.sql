-- Every attempt of every delivery: a row is written when the sender claims the delivery, before it sends
-- (outcome NULL while in flight), and completed with the outcome. A claim that finds an attempt still
-- without an outcome marks it 'interrupted': its sender stopped (or outran its lease) before recording.
CREATE TABLE notification_attempt (
    id              uuid PRIMARY KEY,
    notification_id uuid        NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
    attempt         integer     NOT NULL,
    channel_type    text        NOT NULL,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    -- delivered | temporary | permanent | interrupted
    outcome         text,
    error           text,
    CONSTRAINT notification_attempt_once UNIQUE (notification_id, attempt)
);
