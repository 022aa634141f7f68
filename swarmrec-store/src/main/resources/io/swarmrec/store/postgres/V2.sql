-- log indexes for ingest: drop (user_id, item_id), (item_id, user_id) replaces (item_id, value)
--
-- Every secondary index of the log is a random-key btree insert per appended event: most of the cost of a
-- durable append at millions of rows (and, in SQLite, pages written to the WAL per commit). So the log
-- keeps only the indexes its queries use, each checked against the store's queries:
--   scan, activity fold:  id ranges (primary key)
--   recentInteractions:   user_id = ? AND created_at > ? ORDER BY created_at DESC: (user_id, created_at)
--   userProfiles:         user_id = ? (reads type, value, created_at from the rows): (user_id, created_at)
--   forgetUser:           user_id = ?: (user_id, created_at)
--   similarUsers:         the user's items, user_id = ?: (user_id, created_at) then the rows (one user's
--                         events); then every user of those items, item_id IN (...): (item_id, user_id)
-- (user_id, item_id) served no query that (user_id, created_at) does not, so it goes: one index fewer to
-- maintain per event. No query filters or orders by an item's values, so (item_id, value) becomes
-- (item_id, user_id), the same cost to maintain, which makes the co-occurrence scan over the items'
-- users index-only instead of one row lookup per event of every popular item.
-- Index definitions left in deferred_indexes by an import that died half-way are dropped with the indexes,
-- so that opening the store afterwards rebuilds only what this schema declares.
DELETE FROM deferred_indexes WHERE name IN ('interactions_user_item', 'interactions_item_value');
DROP INDEX IF EXISTS interactions_user_item;
DROP INDEX IF EXISTS interactions_item_value;
CREATE INDEX IF NOT EXISTS interactions_item_user ON interactions (item_id, user_id);
