-- staged appends: an unindexed table merged into interactions in chunks, and the view the queries read
--
-- See the PostgreSQL V3.sql for the reasons; the statements differ only in types and in how ids are handed
-- out. SQLite's AUTOINCREMENT counter of interactions (its row in sqlite_sequence) is the one sequence of both
-- tables: the store reads it, writes staged rows with the next ids explicitly and moves it on, in the same
-- transaction; the merge copies rows with their ids, which never moves it back. The row is created here so
-- that the store can always UPDATE it.
CREATE TABLE interactions_staged (
  id         INTEGER PRIMARY KEY,
  user_id    TEXT NOT NULL,
  item_id    TEXT NOT NULL,
  type       TEXT NOT NULL,
  value      REAL,
  created_at INTEGER
) STRICT;

INSERT INTO sqlite_sequence (name, seq) SELECT 'interactions', coalesce((SELECT max(id) FROM interactions), 0)
  WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'interactions');

CREATE VIEW interactions_all AS
  SELECT id, user_id, item_id, type, value, created_at FROM interactions
  UNION ALL
  SELECT id, user_id, item_id, type, value, created_at FROM interactions_staged;
