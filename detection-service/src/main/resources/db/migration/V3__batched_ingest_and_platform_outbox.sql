-- batched ingest: an alert is stored first (incident_id NULL) and grouped into an incident right after
-- by the grouping worker, off the request path
ALTER TABLE alert ALTER COLUMN incident_id DROP NOT NULL;
CREATE INDEX alert_ungrouped ON alert (first_seen_at, id) WHERE incident_id IS NULL;
-- retention of resolved alerts
CREATE INDEX alert_resolved_last_seen ON alert (last_seen_at) WHERE status = 'resolved';

-- platform outbox: publish order per incident (seq), and the indexes the relay and retention use
ALTER TABLE outbox_event ADD COLUMN seq bigserial;
DROP INDEX IF EXISTS outbox_event_pending;
CREATE INDEX outbox_event_unpublished ON outbox_event (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_event_incident_unpublished ON outbox_event (incident_id, seq) WHERE published_at IS NULL;
CREATE INDEX outbox_event_published_at ON outbox_event (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX processed_event_processed_at ON processed_event (processed_at);
