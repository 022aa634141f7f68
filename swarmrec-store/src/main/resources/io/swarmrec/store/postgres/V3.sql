-- staged appends: an unindexed table merged into interactions in chunks, and the view the queries read
--
-- At tens of millions of rows an append to interactions costs two random btree inserts per event, one in
-- each secondary index, on pages that are mostly not cached: that, not the commit, bounds durable ingest.
-- So appends land here first, in a table whose only index is its primary key on increasing ids (every
-- insert goes to the right edge, which stays cached): committed here is durable and acknowledged, with the
-- same sequence ids (the same sequence as interactions). A background merger moves the oldest rows into
-- interactions in large chunks, sorted by user, in one transaction per chunk (insert with the same ids,
-- then delete), so a crash leaves every row in exactly one of the two tables; the insert ignores ids that
-- are already there, so repeating a merge cannot duplicate anything. Every query reads interactions_all,
-- both tables: the staged part is bounded (back-pressure, StoreOptions.stagingLimit), so its scans stay
-- small, and the planner pushes each predicate into both halves (id ranges, user and item lookups use the
-- indexes of interactions and the primary key of the staged table).
CREATE TABLE interactions_staged (
  id         bigint PRIMARY KEY DEFAULT nextval('interactions_id_seq'),
  user_id    text COLLATE "C" NOT NULL,
  item_id    text COLLATE "C" NOT NULL,
  type       text NOT NULL,
  value      real,
  created_at timestamptz
);

CREATE VIEW interactions_all AS
  SELECT id, user_id, item_id, type, value, created_at FROM interactions
  UNION ALL
  SELECT id, user_id, item_id, type, value, created_at FROM interactions_staged;
