-- The responder console's sessions (issue 13). The cookie holds a random session id; the row is keyed by its
-- SHA-256 and holds the bearer token sealed with a key derived from the id (AES-GCM), so neither the database
-- nor a backup alone yields a usable session or token. Any replica reads the row: sessions survive restarts and
-- work behind a round-robin front.
CREATE TABLE console_session (
    id_hash     bytea PRIMARY KEY,
    sealed      bytea       NOT NULL,
    principal   text        NOT NULL,
    roles       text[]      NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX console_session_expires ON console_session (expires_at);
