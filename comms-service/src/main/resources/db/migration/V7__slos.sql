-- Service level objectives (issue 10, part 6): the error budget of a service is consumed by its incidents.
CREATE TABLE slo (
    service     text PRIMARY KEY,
    objective   double precision NOT NULL,
    window_days integer          NOT NULL,
    updated_by  text             NOT NULL,
    updated_at  timestamptz      NOT NULL
);
