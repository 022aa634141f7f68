package io.swarmrec.core;

import java.time.Instant;

/**
 * The one range of event and item times the system accepts, on every input path (HTTP seconds,
 * milliseconds and ISO-8601, bulk import, the store): from 1970-01-01T00:00:00Z to 2088-01-19T03:14:07Z.
 * The upper end is where the model's 32-bit time offsets from {@link io.swarmrec.core.matrix.Interactions#TIME_BASE}
 * end, so whatever is accepted can be trained on; the lower end keeps the range to epoch seconds that are
 * not negative, which every client library writes the same way.
 */
public final class EventTime {
  /** 1970-01-01T00:00:00Z. */
  public static final long MIN_EPOCH_SECOND = 0;
  /** 2088-01-19T03:14:07Z: {@code TIME_BASE + Integer.MAX_VALUE}. */
  public static final long MAX_EPOCH_SECOND = 1_577_836_800L + Integer.MAX_VALUE;

  private EventTime() {}

  public static boolean inRange(long epochSecond) {
    return epochSecond >= MIN_EPOCH_SECOND && epochSecond <= MAX_EPOCH_SECOND;
  }

  /** The range as a phrase for error messages. */
  public static String describe() {
    return Instant.ofEpochSecond(MIN_EPOCH_SECOND) + " .. " + Instant.ofEpochSecond(MAX_EPOCH_SECOND);
  }
}
