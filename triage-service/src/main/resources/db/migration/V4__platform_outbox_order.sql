-- platform outbox: publish order per incident (seq), and the indexes the relay and retention use
ALTER TABLE outbox_event ADD COLUMN seq bigserial;
DROP INDEX IF EXISTS outbox_event_pending;
CREATE INDEX outbox_event_unpublished ON outbox_event (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_event_incident_unpublished ON outbox_event (incident_id, seq) WHERE published_at IS NULL;
CREATE INDEX outbox_event_published_at ON outbox_event (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX processed_event_processed_at ON processed_event (processed_at);
