-- log indexes for ingest: drop (user_id, item_id), (item_id, user_id) replaces (item_id, value)
--
-- See the PostgreSQL V2.sql for the reasons; the statements are the same. Index definitions left in
-- deferred_indexes by an import that died half-way are dropped with the indexes, so that opening the store
-- afterwards rebuilds only what this schema declares.
DELETE FROM deferred_indexes WHERE name IN ('interactions_user_item', 'interactions_item_value');
DROP INDEX IF EXISTS interactions_user_item;
DROP INDEX IF EXISTS interactions_item_value;
CREATE INDEX IF NOT EXISTS interactions_item_user ON interactions (item_id, user_id);
