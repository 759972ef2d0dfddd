-- Issue 7: the repeat counts of re-sent alerts (RepeatCounts, every second) update receive_count and
-- last_seen_at of every alert that was re-sent. last_seen_at was in a B-tree index (retention of resolved
-- alerts), so no such update could be HOT: each was a new row version with a new entry in all eight indexes of
-- the table, every second for every alert Alertmanager keeps re-sending, until autovacuum came. A BRIN index
-- does not stop HOT updates (PostgreSQL 16 and later), serves retention's batches, and is tiny; fillfactor 90
-- leaves room on each page for the new version of a row (pages written before keep what they have).
DROP INDEX alert_resolved_last_seen;
CREATE INDEX alert_last_seen_brin ON alert USING brin (last_seen_at);
ALTER TABLE alert SET (fillfactor = 90);
