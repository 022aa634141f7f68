package io.swarmrec.store.internal;

import io.swarmrec.core.IdDictionary;
import io.swarmrec.store.Event;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of events folded per distinct user: event count, rating count and sum, latest time. Stores
 * merge these into their {@code users} table in the same transaction as the events, so the table never
 * disagrees with the log and each batch costs one upsert per distinct user instead of one per event.
 * Parallel primitive arrays indexed by a per-batch dense id; no boxed map entries.
 *
 * <p>Internal to the store implementations; not API.
 */
public final class UserTotals {
  private final String[] users;
  private final long[] events;
  private final long[] ratings;
  private final double[] ratingSums;
  private final long[] lastTimes; // Event.NO_TIME when none of the user's events has a time

  private UserTotals(String[] users, long[] events, long[] ratings, double[] ratingSums, long[] lastTimes) {
    this.users = users;
    this.events = events;
    this.ratings = ratings;
    this.ratingSums = ratingSums;
    this.lastTimes = lastTimes;
  }

  public static UserTotals of(List<Event> batch) {
    int n = batch.size();
    IdDictionary ids = new IdDictionary(Math.min(n, 1 << 16));
    long[] events = new long[n];
    long[] ratings = new long[n];
    double[] sums = new double[n];
    long[] last = new long[n];
    Arrays.fill(last, Event.NO_TIME);
    for (Event e : batch) {
      int u = ids.getOrAdd(e.user());
      events[u]++;
      if (e.isRating()) {
        ratings[u]++;
        sums[u] += e.value();
      }
      last[u] = Math.max(last[u], e.epochSecond()); // NO_TIME is Long.MIN_VALUE, so max skips it
    }
    int m = ids.size();
    String[] users = new String[m];
    for (int u = 0; u < m; u++) {
      users[u] = ids.key(u);
    }
    return new UserTotals(users, Arrays.copyOf(events, m), Arrays.copyOf(ratings, m), Arrays.copyOf(sums, m),
        Arrays.copyOf(last, m));
  }

  public int size() {
    return users.length;
  }

  // The array accessors return the arrays themselves (for binding as SQL arrays); callers must not modify them.

  public String[] users() {
    return users;
  }

  public long[] events() {
    return events;
  }

  public long[] ratings() {
    return ratings;
  }

  public double[] ratingSums() {
    return ratingSums;
  }

  public long[] lastTimes() {
    return lastTimes;
  }
}
