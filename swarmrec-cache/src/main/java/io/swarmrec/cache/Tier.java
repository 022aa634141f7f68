package io.swarmrec.cache;

/** The two cache levels: L1 in this process (Caffeine), L2 shared between replicas (Redis). */
public enum Tier {
  L1,
  L2
}
