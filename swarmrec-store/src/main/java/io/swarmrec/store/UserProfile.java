package io.swarmrec.store;

/**
 * Aggregate figures of one user, from {@link InteractionStore#userProfiles}: how many events, the mean
 * value of their rating events ({@link Double#NaN} when there are none), and the time of the latest
 * timed event ({@link Event#NO_TIME} when none). An unknown user has zero events.
 */
public record UserProfile(String user, long events, double averageRating, long lastEpochSecond) {
  public static UserProfile empty(String user) {
    return new UserProfile(user, 0, Double.NaN, Event.NO_TIME);
  }

  public boolean known() {
    return events > 0;
  }
}
