-- The catalog replica keeps what each service depends on: the console draws an incident's blast radius with it.
-- Rows replicated before this migration learn their dependencies from the service's next upsert.
ALTER TABLE catalog_service ADD COLUMN depends_on text[] NOT NULL DEFAULT '{}';
