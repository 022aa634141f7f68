-- the follow graph: who follows whom, for the network candidate source of feeds
CREATE TABLE follows (
  follower TEXT NOT NULL,
  followee TEXT NOT NULL,
  PRIMARY KEY (follower, followee)
) STRICT, WITHOUT ROWID;
