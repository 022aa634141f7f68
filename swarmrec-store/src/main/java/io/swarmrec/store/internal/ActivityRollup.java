package io.swarmrec.store.internal;

import static io.swarmrec.store.internal.Jdbc.queryLong;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Keeps {@code user_activity} (events and latest time per user, under the partial index of active
 * users) up to date with the log, lazily.
 *
 * <p>Maintaining a per-user row on every append costs one upsert per distinct user per batch, and a
 * batch touches nearly one distinct user per event: on PostgreSQL that upsert was measured to cost as
 * much as the COPY of the batch itself. The rollup is instead folded from the log by a high-water mark
 * ({@code activity_mark.last_id}): one {@code INSERT ... SELECT ... GROUP BY ... ON CONFLICT} over the
 * ids above the mark, which collapses all of a user's new events into one upsert, run when active
 * users are asked for (cache warm-up), so appends pay nothing. Each fold runs under the store's write
 * lock, where every id up to the current maximum is committed (see {@code InteractionStore} on sequence
 * order), so no event is folded twice or missed; {@code forgetUser} deletes the user's row with their
 * events. It reads staged and merged events alike ({@code interactions_all}): a merge keeps ids, so the mark
 * stays exact across it. Folds are cut into chunks of {@value #CHUNK} ids so that appends queued behind one wait about
 * a second (a million events took 10 s to fold on PostgreSQL, with the machine heavily loaded).
 */
final class ActivityRollup {
  static final long CHUNK = 250_000;
  private static final String FOLD = "INSERT INTO user_activity (user_id, event_count, last_at)"
      + " SELECT user_id, count(*), max(created_at) FROM interactions_all WHERE id > ? AND id <= ? GROUP BY user_id"
      + " ON CONFLICT (user_id) DO UPDATE SET event_count = user_activity.event_count + excluded.event_count,"
      + " last_at = CASE WHEN user_activity.last_at IS NULL OR excluded.last_at > user_activity.last_at"
      + " THEN excluded.last_at ELSE user_activity.last_at END";

  private ActivityRollup() {}

  /**
   * Folds the next chunk of events above the mark and moves the mark; true when more remain.
   *
   * @param lastIdSql the dialect's query for the highest stored id
   */
  static boolean foldNextChunk(Connection c, String lastIdSql) throws SQLException {
    long mark = queryLong(c, "SELECT last_id FROM activity_mark");
    long max = queryLong(c, lastIdSql);
    if (max <= mark) {
      return false;
    }
    long upTo = Math.min(max, mark + CHUNK);
    try (PreparedStatement ps = c.prepareStatement(FOLD)) {
      ps.setLong(1, mark);
      ps.setLong(2, upTo);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE activity_mark SET last_id = ?")) {
      ps.setLong(1, upTo);
      ps.executeUpdate();
    }
    return upTo < max;
  }
}
