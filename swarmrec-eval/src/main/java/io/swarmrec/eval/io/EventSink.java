package io.swarmrec.eval.io;

/**
 * Receives the events of a dataset, one call per event, with primitive value and time so that reading
 * tens of millions of lines boxes nothing. Ids stay strings here: mapping them to dense ints is the
 * consumer's business (an {@code InteractionsBuilder}, a test set mapped onto training dictionaries).
 */
@FunctionalInterface
public interface EventSink {
  /** {@code value} of an event that carries none. */
  float NO_VALUE = Float.NaN;
  /** {@code epochSecond} of an event that carries no timestamp. */
  long NO_TIME = Long.MIN_VALUE;

  /**
   * One event: {@code user} interacted with {@code item}.
   *
   * @param value the rating or weight, {@link #NO_VALUE} when the format has none
   * @param epochSecond the time, {@link #NO_TIME} when the format has none
   */
  void accept(String user, String item, float value, long epochSecond);

  /**
   * One event with its type (the optional fifth column of the generic format, e.g. view, like, share,
   * rating). Consumers that do not care about types get the plain {@link #accept(String, String, float, long)}.
   */
  default void accept(String user, String item, String type, float value, long epochSecond) {
    accept(user, item, value, epochSecond);
  }

  /** A user listed without any item (allowed by the LightGCN format). Ignored by default. */
  default void user(String user) {}
}
