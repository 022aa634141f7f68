package io.swarmrec.algo.scoring;

import io.swarmrec.core.TimeDecay;
import io.swarmrec.core.matrix.Interactions;

/**
 * How much each item of a user's history counts when scoring: 1 when {@code binary}, else the stored
 * weight; either way times {@code decay} of the event's age at {@code nowSecond} when a decay is given.
 * Undated events are not decayed (their age is unknown, and treating them as infinitely old would
 * erase histories from undated sources). Real-time extra items are fresh: they are never decayed.
 *
 * @param decay null for no decay
 */
public record HistoryWeighting(boolean binary, TimeDecay decay, long nowSecond) {
  /** Every item counts 1. */
  public static final HistoryWeighting BINARY = new HistoryWeighting(true, null, 0);

  /** The weight of a snapshot entry with stored weight {@code value} and stored time {@code time}. */
  public float weight(float value, int time) {
    float w = binary ? 1f : value;
    if (decay == null || time == Interactions.NO_TIME) {
      return w;
    }
    return (float) (w * decay.weight(Interactions.epochSecond(time), nowSecond));
  }

  /** The weight of a real-time extra item given with weight {@code value}. */
  public float extraWeight(float value) {
    return binary ? 1f : value;
  }
}
