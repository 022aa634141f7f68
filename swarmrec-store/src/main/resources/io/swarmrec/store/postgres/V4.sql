-- source positions: how far each external source (a Kafka topic partition) is stored
--
-- Written in the transaction of the appends that carry the source's records, so that events and the position
-- to resume from commit together: a consumer that resumes from here after a crash stores each record once.
CREATE TABLE source_positions (
  source    text COLLATE "C" PRIMARY KEY,
  resume_at bigint NOT NULL
);
