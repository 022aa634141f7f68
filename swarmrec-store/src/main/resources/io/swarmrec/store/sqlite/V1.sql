-- interactions log, user activity rollup with the active-users partial index, item metadata
--
-- The same tables and indexes as the PostgreSQL schema (see its V1.sql for the reasons), in SQLite's
-- types: times are INTEGER epoch seconds, label lists one TEXT joined by U+001F, booleans 0/1.
-- STRICT tables reject a value of the wrong type instead of silently storing it.

-- AUTOINCREMENT: ids are never reused, even after the newest events are deleted (forgetUser); plain
-- rowids would hand out max(id)+1 again and a reader catching up from that id would miss events.
CREATE TABLE interactions (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id    TEXT NOT NULL,
  item_id    TEXT NOT NULL,
  type       TEXT NOT NULL,
  value      REAL,
  created_at INTEGER
) STRICT;

CREATE INDEX interactions_user_item ON interactions (user_id, item_id);
CREATE INDEX interactions_user_time ON interactions (user_id, created_at);
CREATE INDEX interactions_item_value ON interactions (item_id, value);

CREATE TABLE user_activity (
  user_id     TEXT PRIMARY KEY,
  event_count INTEGER NOT NULL,
  last_at     INTEGER
) STRICT, WITHOUT ROWID;

CREATE INDEX users_active ON user_activity (last_at DESC, user_id) WHERE event_count >= 5;

CREATE TABLE activity_mark (
  only_row INTEGER PRIMARY KEY DEFAULT 1 CHECK (only_row = 1),
  last_id  INTEGER NOT NULL
) STRICT;

INSERT INTO activity_mark (last_id) VALUES (0);

CREATE TABLE deferred_indexes (
  name TEXT PRIMARY KEY,
  ddl  TEXT NOT NULL
) STRICT;

CREATE TABLE items (
  item_id    TEXT PRIMARY KEY,
  categories TEXT NOT NULL DEFAULT '',
  tags       TEXT NOT NULL DEFAULT '',
  created_at INTEGER,
  vector     BLOB,
  deleted    INTEGER NOT NULL DEFAULT FALSE
) STRICT;

CREATE INDEX items_deleted ON items (item_id) WHERE deleted;
