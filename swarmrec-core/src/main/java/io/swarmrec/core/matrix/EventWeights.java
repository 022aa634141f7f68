package io.swarmrec.core.matrix;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How much each kind of event counts. An event's weight is {@code weight(type)}, except for the
 * {@code rating} type whose weight is the rating value itself (times the configured rating weight,
 * 1 by default). Unknown types are rejected so that a typo in a client does not silently count as zero.
 *
 * <p>Defaults: view 1, click 2, like 4, share 5, purchase 5, rating = value, impression 0. Repeated events of
 * a user on an item add up in {@link InteractionsBuilder}. An {@link #IMPRESSION} says the user was shown
 * the item and nothing about their preference: it weighs 0, and serving keeps it out of the models (it feeds
 * rotation instead).
 */
public final class EventWeights {
  public static final String RATING = "rating";
  public static final String IMPRESSION = "impression";
  private final Map<String, Float> weights;

  private EventWeights(Map<String, Float> weights) {
    this.weights = Map.copyOf(weights);
  }

  public static EventWeights defaults() {
    Map<String, Float> m = new LinkedHashMap<>();
    m.put("view", 1f);
    m.put("click", 2f);
    m.put("like", 4f);
    m.put("share", 5f);
    m.put("purchase", 5f);
    m.put(RATING, 1f);
    m.put(IMPRESSION, 0f);
    return new EventWeights(m);
  }

  /** A copy with {@code type} weighing {@code weight}; adds the type when new. */
  public EventWeights with(String type, float weight) {
    if (!(weight >= 0) || Float.isInfinite(weight)) {
      throw new IllegalArgumentException("weight of '" + type + "' must be a finite number >= 0, got " + weight);
    }
    Map<String, Float> m = new LinkedHashMap<>(weights);
    m.put(normalise(type), weight);
    return new EventWeights(m);
  }

  public boolean knows(String type) {
    return weights.containsKey(normalise(type));
  }

  /** The weight of one event; {@code value} matters only for ratings (NaN there is an error). */
  public float weight(String type, float value) {
    String t = normalise(type);
    Float w = weights.get(t);
    if (w == null) {
      throw new IllegalArgumentException("unknown event type '" + type + "'; known: " + weights.keySet());
    }
    if (t.equals(RATING)) {
      if (Float.isNaN(value)) {
        throw new IllegalArgumentException("a rating event needs a value");
      }
      return w * value;
    }
    return w;
  }

  public Map<String, Float> asMap() {
    return weights;
  }

  private static String normalise(String type) {
    return type.toLowerCase(Locale.ROOT);
  }
}
