-- the strongest evidence (INFO, WARNING, IMPACT) among an incident's alerts, kept as alerts join, so that a
-- grouping decision reads it from the incident row instead of loading every alert; NULL = not known yet
ALTER TABLE incident ADD COLUMN grouping_evidence text;
