-- interactions log, per-user totals with the active-users partial index, item metadata
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

-- Per-user totals, merged in the same transaction as every append (and deleted with the user), so a
-- batch profile lookup reads one row per user instead of all their events.
CREATE TABLE users (
  user_id      text COLLATE "C" PRIMARY KEY,
  event_count  bigint NOT NULL,
  rating_count bigint NOT NULL,
  rating_sum   double precision NOT NULL,
  last_at      timestamptz
);

-- The partial index for active users. Its predicate must be immutable, so "active" cannot be "seen in
-- the last N days" (now() moves); it is "at least 5 events" (InteractionStore.ACTIVE_MIN_EVENTS),
-- a fact that only changes when the row is rewritten anyway. Ordered by last_at, it answers "the most
-- recently active users" (cache warm-up) by reading the index from its newest end, and it stays small
-- because the long tail of one-off users never enters it.
CREATE INDEX users_active ON users (last_at DESC, user_id) WHERE event_count >= 5;

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
