package io.swarmrec.store;

import io.swarmrec.core.matrix.EventWeights;
import java.util.Locale;

/**
 * One interaction as it enters the system: who did what to which item, and when. Ids are the external
 * strings of the platform; dense int ids exist only inside the model.
 *
 * <p>Every event is checked here, when it is made, so that a bad one fails at the edge with a clear
 * message and a batch handed to {@link InteractionStore#append} can only contain well-formed events:
 * <ul>
 *   <li>{@code user}, {@code item}: not blank, at most {@link #MAX_ID_LENGTH} chars, no NUL char
 *       (PostgreSQL text cannot hold one);</li>
 *   <li>{@code type}: 1 to {@link #MAX_TYPE_LENGTH} chars from {@code [A-Za-z0-9_.:-]}, stored lower-case so
 *       that "Like" and "like" are one type (as {@link EventWeights} reads them);</li>
 *   <li>{@code value}: {@link #NO_VALUE} (NaN) or finite; a {@code rating} event must carry one;</li>
 *   <li>{@code epochSecond}: {@link #NO_TIME} or a second between years 1 and 9999.</li>
 * </ul>
 */
public record Event(String user, String item, String type, float value, long epochSecond) {
  public static final int MAX_ID_LENGTH = 512;
  public static final int MAX_TYPE_LENGTH = 64;
  /** {@link #value} of an event without one. */
  public static final float NO_VALUE = Float.NaN;
  /** {@link #epochSecond} of an event without a time (the same sentinel as the core builders use). */
  public static final long NO_TIME = Long.MIN_VALUE;
  /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the range both SQL backends store exactly. */
  public static final long MIN_EPOCH_SECOND = -62_135_596_800L;
  public static final long MAX_EPOCH_SECOND = 253_402_300_799L;

  public Event {
    requireId("user", user);
    requireId("item", item);
    type = requireType(type);
    if (Float.isInfinite(value)) {
      throw new IllegalArgumentException("event value must be finite or NaN (none), got " + value);
    }
    if (Float.isNaN(value) && type.equals(EventWeights.RATING)) {
      throw new IllegalArgumentException("a rating event needs a value (user '" + user + "', item '" + item + "')");
    }
    requireTime("event time", epochSecond);
  }

  /** An event without a value. */
  public static Event of(String user, String item, String type, long epochSecond) {
    return new Event(user, item, type, NO_VALUE, epochSecond);
  }

  /** A rating event. */
  public static Event rating(String user, String item, float rating, long epochSecond) {
    return new Event(user, item, EventWeights.RATING, rating, epochSecond);
  }

  public boolean hasValue() {
    return !Float.isNaN(value);
  }

  public boolean hasTime() {
    return epochSecond != NO_TIME;
  }

  /** Whether this event counts towards a user's average rating. */
  public boolean isRating() {
    return type.equals(EventWeights.RATING);
  }

  /**
   * Checks an external user or item id and returns it; the one definition of a valid id, used by every
   * method of every store that takes one.
   */
  public static String requireId(String kind, String id) {
    if (id == null) {
      throw new IllegalArgumentException(kind + " id is null");
    }
    if (id.isBlank()) {
      throw new IllegalArgumentException(kind + " id is empty");
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(kind + " id is " + id.length() + " chars long, more than " + MAX_ID_LENGTH
          + ": '" + id.substring(0, 40) + "...'");
    }
    if (id.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(kind + " id contains a NUL char");
    }
    return id;
  }

  /** Checks an epoch second that may be {@link #NO_TIME}. */
  public static long requireTime(String what, long epochSecond) {
    if (epochSecond != NO_TIME && (epochSecond < MIN_EPOCH_SECOND || epochSecond > MAX_EPOCH_SECOND)) {
      throw new IllegalArgumentException(what + " " + epochSecond + " is outside years 1..9999 (epoch seconds)");
    }
    return epochSecond;
  }

  private static String requireType(String type) {
    if (type == null || type.isEmpty() || type.length() > MAX_TYPE_LENGTH) {
      throw new IllegalArgumentException("event type must have 1 to " + MAX_TYPE_LENGTH + " chars, got "
          + (type == null ? "null" : "'" + type + "'"));
    }
    for (int i = 0; i < type.length(); i++) {
      char c = type.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == ':' || c == '-';
      if (!ok) {
        throw new IllegalArgumentException("event type '" + type + "' may only use letters, digits and _ . : -");
      }
    }
    return type.toLowerCase(Locale.ROOT);
  }
}
