-- the follow graph: who follows whom, for the network candidate source of feeds
CREATE TABLE follows (
  follower text COLLATE "C" NOT NULL,
  followee text COLLATE "C" NOT NULL,
  PRIMARY KEY (follower, followee)
);
