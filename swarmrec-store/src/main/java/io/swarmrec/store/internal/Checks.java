package io.swarmrec.store.internal;

import io.swarmrec.store.InteractionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Argument checks shared by every store, so that all backends reject the same input with the same
 * message before touching their data. (Ids are checked by {@link io.swarmrec.store.Event#requireId}.)
 * Internal to the store implementations; not API.
 */
public final class Checks {
  /** Longest result list a query may ask for; a bigger limit is a caller bug, not a request. */
  public static final int MAX_LIMIT = 1_000_000;

  private Checks() {}

  public static <T> T requireNonNull(String what, T o) {
    if (o == null) {
      throw new IllegalArgumentException(what + " is null");
    }
    return o;
  }

  /** The list itself, after checking that neither it nor any element is null. */
  public static <T> List<T> requireElements(String what, List<T> list) {
    requireNonNull(what, list);
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        throw new IllegalArgumentException(what + " has a null element at index " + i);
      }
    }
    return list;
  }

  /**
   * A copy of the source positions of an append, after checking every name and position (see
   * {@link InteractionStore#appendAsync(List, Map)}).
   */
  public static Map<String, Long> requirePositions(Map<String, Long> positions) {
    requireNonNull("source positions", positions);
    Map<String, Long> copy = new LinkedHashMap<>();
    positions.forEach((name, position) -> {
      if (name == null || name.isEmpty() || name.length() > InteractionStore.MAX_SOURCE_NAME) {
        throw new IllegalArgumentException("a source name must have 1.."
            + InteractionStore.MAX_SOURCE_NAME + " characters, got "
            + (name == null ? "null" : name.length() + " characters"));
      }
      if (position == null || position < 0) {
        throw new IllegalArgumentException("the position of source '" + name + "' must be >= 0, got " + position);
      }
      copy.put(name, position);
    });
    return copy;
  }

  public static int requireLimit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", got " + limit);
    }
    return limit;
  }

  public static int requireMinCommon(int minCommon) {
    if (minCommon < 1) {
      throw new IllegalArgumentException("minCommon must be >= 1, got " + minCommon);
    }
    return minCommon;
  }

  /** The epoch second {@code within} before now: the exclusive lower bound of a time-window query. */
  public static long since(Clock clock, Duration within) {
    if (within == null || within.isNegative() || within.isZero()) {
      throw new IllegalArgumentException("time window must be positive, got " + within);
    }
    // clamp absurd windows (Duration allows ~292 billion years) so the subtraction cannot overflow
    return clock.instant().getEpochSecond() - Math.min(within.getSeconds(), 1L << 40);
  }
}
