package io.swarmrec.core;

/**
 * Exponential time decay with a half-life: an event {@code age} seconds old weighs
 * {@code 2^(-age / halfLife)}. Used for trending popularity and for time-weighted user profiles.
 * Ages below zero (clock skew, events from the future) weigh 1.
 */
public final class TimeDecay {
  private final double lambda;
  private final long halfLifeSeconds;

  private TimeDecay(long halfLifeSeconds) {
    if (halfLifeSeconds <= 0) {
      throw new IllegalArgumentException("half-life must be positive, got " + halfLifeSeconds + " s");
    }
    this.halfLifeSeconds = halfLifeSeconds;
    this.lambda = Math.log(2) / halfLifeSeconds;
  }

  public static TimeDecay halfLife(long seconds) {
    return new TimeDecay(seconds);
  }

  public long halfLifeSeconds() {
    return halfLifeSeconds;
  }

  /** Weight of an event that happened at {@code eventSecond} seen from {@code nowSecond}. */
  public double weight(long eventSecond, long nowSecond) {
    long age = nowSecond - eventSecond;
    return age <= 0 ? 1.0 : Math.exp(-lambda * age);
  }
}
