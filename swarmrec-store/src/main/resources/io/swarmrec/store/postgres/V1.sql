-- interactions log, user activity rollup with the active-users partial index, item metadata
--
-- Ids use COLLATE "C": byte-order comparison is several times cheaper than a linguistic collation in
-- every btree below, and it orders ids the same way SQLite's BINARY collation does.

-- The append-only event log: the source of truth. id is the sequence clients catch up from.
CREATE TABLE interactions (
  id         bigserial PRIMARY KEY,
  user_id    text COLLATE "C" NOT NULL,
  item_id    text COLLATE "C" NOT NULL,
  type       text NOT NULL,
  value      real,
  created_at timestamptz
);

-- The origin document's indexes. A btree on (a, b) also serves lookups on a alone, so (user_id, item_id)
-- stands in for (user_id) and (item_id, value) for (item_id): single-column twins would only slow ingest.
-- (user_id, item_id): a user's history, "has the user seen this item"
CREATE INDEX interactions_user_item ON interactions (user_id, item_id);
-- (user_id, created_at): recent interactions of a user, newest first
CREATE INDEX interactions_user_time ON interactions (user_id, created_at);
-- (item_id, value): who interacted with an item (co-occurrence), an item's ratings
CREATE INDEX interactions_item_value ON interactions (item_id, value);

-- The partial index for active users, on a rollup of the log. A partial index predicate must be
-- immutable, so "active" cannot mean "seen in the last N days" (now() moves), and an index on the log
-- itself cannot express "users with many events". So user_activity folds the log per user (events,
-- latest time) and users_active indexes only rows with event_count >= 5
-- (InteractionStore.ACTIVE_MIN_EVENTS), a fact that changes only when the row is rewritten anyway.
-- Ordered by last_at, it answers "the most recently active users" (cache warm-up) from its newest end,
-- and it stays small because the long tail of one-off users never enters it.
-- The rollup is folded incrementally from activity_mark.last_id (the highest event id folded), in
-- bounded chunks, when active users are asked for: appends pay nothing for it. A synchronous per-batch
-- upsert was measured to cost as much as the COPY of the batch itself, since a batch touches nearly
-- one distinct user per event.
CREATE TABLE user_activity (
  user_id     text COLLATE "C" PRIMARY KEY,
  event_count bigint NOT NULL,
  last_at     timestamptz
);

CREATE INDEX users_active ON user_activity (last_at DESC, user_id) WHERE event_count >= 5;

CREATE TABLE activity_mark (
  only_row boolean PRIMARY KEY DEFAULT TRUE CHECK (only_row),
  last_id  bigint NOT NULL
);

INSERT INTO activity_mark (last_id) VALUES (0);

-- Secondary indexes of interactions dropped while a bulk import fills an empty store, with the DDL
-- that recreates them. Building an index once after the load (a sort) costs a fraction of maintaining it
-- row by row; the rows are committed with the DROP, so an import that dies half-way is repaired when
-- the store next opens.
CREATE TABLE deferred_indexes (
  name text PRIMARY KEY,
  ddl  text NOT NULL
);

-- Item metadata. A deleted item keeps its row as a tombstone so that it is never recommended again.
CREATE TABLE items (
  item_id    text COLLATE "C" PRIMARY KEY,
  categories text[] NOT NULL DEFAULT '{}',
  tags       text[] NOT NULL DEFAULT '{}',
  created_at timestamptz,
  vector     bytea,
  deleted    boolean NOT NULL DEFAULT FALSE
);

-- Tombstones are few; the model reads them all at start-up.
CREATE INDEX items_deleted ON items (item_id) WHERE deleted;
