-- the learned baseline of each golden signal of each service (POST /api/v1/signals), one row per pair,
-- updated under its row lock so that replicas receiving samples of one service take turns
CREATE TABLE signal_baseline (
    service            text             NOT NULL,
    signal             text             NOT NULL,
    sample_count       bigint           NOT NULL DEFAULT 0,
    mean               double precision NOT NULL DEFAULT 0,
    variance           double precision NOT NULL DEFAULT 0,
    anomalous          boolean          NOT NULL DEFAULT false,
    direction          smallint         NOT NULL DEFAULT 0,
    raise_streak       integer          NOT NULL DEFAULT 0,
    raise_streak_since timestamptz,
    resolve_streak     integer          NOT NULL DEFAULT 0,
    anomalous_since    timestamptz,
    peak_value         double precision NOT NULL DEFAULT 0,
    peak_sigma         double precision NOT NULL DEFAULT 0,
    shadow_count       bigint           NOT NULL DEFAULT 0,
    shadow_mean        double precision NOT NULL DEFAULT 0,
    shadow_variance    double precision NOT NULL DEFAULT 0,
    resolve_echo       boolean          NOT NULL DEFAULT false,
    last_at            timestamptz,
    updated_at         timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (service, signal)
);

-- retention: baselines of services that stopped pushing
CREATE INDEX signal_baseline_updated_at ON signal_baseline (updated_at) WHERE NOT anomalous;
