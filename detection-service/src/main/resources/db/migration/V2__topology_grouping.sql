-- topology-aware grouping: why an alert joined its incident, and where a merged incident went.
ALTER TABLE alert ADD COLUMN grouping_reason text;
ALTER TABLE incident ADD COLUMN merged_into uuid REFERENCES incident (id);
