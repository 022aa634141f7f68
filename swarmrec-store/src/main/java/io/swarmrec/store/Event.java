package io.swarmrec.store;

import io.swarmrec.core.EventTime;
import io.swarmrec.core.matrix.EventWeights;
import java.util.Locale;

/**
 * One interaction as it enters the system: who did what to which item, and when. Ids are the external
 * strings of the platform; dense int ids exist only inside the model.
 *
 * <p>Every event is checked here, when it is made, so that a bad one fails at the edge with a clear
 * message and a batch handed to {@link InteractionStore#append} can only contain well-formed events:
 * <ul>
 *   <li>{@code user}, {@code item}: not blank ({@link #isBlank}), at most {@link #MAX_ID_LENGTH} chars, no
 *       control char (PostgreSQL text cannot hold NUL; the others cannot be read back from a log or a TSV
 *       line), well-formed UTF-16;</li>
 *   <li>{@code type}: 1 to {@link #MAX_TYPE_LENGTH} chars from {@code [A-Za-z0-9_.:-]}, stored lower-case so
 *       that "Like" and "like" are one type (as {@link EventWeights} reads them);</li>
 *   <li>{@code value}: {@link #NO_VALUE} (NaN) or finite; a {@code rating} event must carry one;</li>
 *   <li>{@code epochSecond}: {@link #NO_TIME} or a second in {@link EventTime}'s range (1970 to 2088), the one
 *       range every input path accepts and the model can hold.</li>
 * </ul>
 */
public record Event(String user, String item, String type, float value, long epochSecond) {
  public static final int MAX_ID_LENGTH = 512;
  public static final int MAX_TYPE_LENGTH = 64;
  /** {@link #value} of an event without one. */
  public static final float NO_VALUE = Float.NaN;
  /** {@link #epochSecond} of an event without a time (the same sentinel as the core builders use). */
  public static final long NO_TIME = Long.MIN_VALUE;
  /** The accepted time range, {@link EventTime}'s (both SQL backends store it exactly). */
  public static final long MIN_EPOCH_SECOND = EventTime.MIN_EPOCH_SECOND;
  public static final long MAX_EPOCH_SECOND = EventTime.MAX_EPOCH_SECOND;

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
    if (isBlank(id)) {
      throw new IllegalArgumentException(kind + " id is empty or only white space");
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(kind + " id is " + id.length() + " chars long, more than " + MAX_ID_LENGTH
          + ": '" + id.substring(0, 40) + "...'");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(kind + " id contains a control char (U+"
            + String.format(Locale.ROOT, "%04X", (int) c) + ")");
      }
      if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(kind + " id contains a lone UTF-16 surrogate");
      }
    }
    return id;
  }

  /**
   * Whether a string shows nothing: empty, or only white space, separators (U+00A0, U+2028, U+3000 ...)
   * and invisible format chars (U+200B, U+FEFF ...). Such an id or label cannot be told apart from another.
   */
  public static boolean isBlank(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && Character.getType(cp) != Character.FORMAT) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  /** Checks an epoch second that may be {@link #NO_TIME}. */
  public static long requireTime(String what, long epochSecond) {
    if (epochSecond != NO_TIME && (epochSecond < MIN_EPOCH_SECOND || epochSecond > MAX_EPOCH_SECOND)) {
      throw new IllegalArgumentException(what + " " + epochSecond + " is outside the accepted years ("
          + EventTime.describe() + ", epoch seconds)");
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
