-- partitioned log: staging moves to a file of its own, merges build partitions with small indexes
--
-- See PartitionedLog (the SQLite store) for the design. interactions stays the oldest partition. The V3 staging
-- table becomes partition 1 (it gets the partition indexes; a store that finds it empty drops it), so every event a
-- V3 store had staged stays where readers find it; staging goes on in the file <db>.staged, which the store creates.
-- log_partitions lists the partitions after interactions; stage_mark.last_id is the highest staged id merged into
-- them (staged rows at or below it are hidden and deleted); the views log_rows, log_last_id and log_count over the
-- partitions are rewritten by the store whenever the list changes.
CREATE TABLE log_partitions (
  seq  INTEGER PRIMARY KEY,
  rows INTEGER NOT NULL
) STRICT;

CREATE TABLE stage_mark (
  only_row INTEGER PRIMARY KEY DEFAULT 1 CHECK (only_row = 1),
  last_id  INTEGER NOT NULL
) STRICT;

INSERT INTO stage_mark (last_id) SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'interactions'), 0);

DROP VIEW interactions_all;

ALTER TABLE interactions_staged RENAME TO interactions_p1;

CREATE INDEX interactions_p1_user_time ON interactions_p1 (user_id, created_at);

CREATE INDEX interactions_p1_item_user ON interactions_p1 (item_id, user_id);

INSERT INTO log_partitions (seq, rows) SELECT 1, count(*) FROM interactions_p1;

CREATE VIEW log_rows AS
  SELECT id, user_id, item_id, type, value, created_at FROM interactions
  UNION ALL
  SELECT id, user_id, item_id, type, value, created_at FROM interactions_p1;

CREATE VIEW log_last_id AS SELECT max(m) AS id FROM (SELECT max(id) AS m FROM interactions UNION ALL
  SELECT max(id) FROM interactions_p1);

CREATE VIEW log_count AS SELECT (SELECT count(*) FROM interactions) + (SELECT count(*) FROM interactions_p1) AS n;
