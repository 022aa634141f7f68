package io.swarmrec.store;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The source of truth for interactions: an append-only log of {@link Event}s, each given a sequence id,
 * plus item metadata and the per-user figures the service asks for. The in-memory model is built by
 * {@link #scan scanning} the log and kept current by scanning again after the last sequence it saw.
 *
 * <p><b>Sequence ids</b> increase with every appended event, are never reused (not even after
 * {@link #forgetUser}), and become visible in id order: when {@code scan(s)} has returned events up to
 * {@code t}, no event with an id at or below {@code t} can appear later. So a reader that remembers the
 * last id it saw misses nothing, on this instance and on other processes sharing the database.
 *
 * <p><b>Durability</b>: {@link #append} returns once the batch is committed; a batch is written entirely
 * or not at all, and its events get consecutive sequence ids. Concurrent appends may share a transaction
 * (group commit): then they commit or fail together, and none returns before the commit. Methods taking
 * ids check them with {@link Event#requireId} and throw {@link IllegalArgumentException} before touching
 * the database; database failures are {@link StoreException}s. Implementations are thread-safe.
 *
 * <p>Open one with {@link Stores#open}.
 */
public interface InteractionStore extends AutoCloseable {
  /** The origin document's window for {@link #recentInteractions}: 90 days, at most 1,000 events. */
  Duration RECENT_WINDOW = Duration.ofDays(90);
  int RECENT_LIMIT = 1000;
  /** The origin document's threshold for {@link #similarUsersByCooccurrence}: 3 common items. */
  int MIN_COMMON_ITEMS = 3;
  /** Users with at least this many events are "active" (see {@link #activeUsers}). */
  int ACTIVE_MIN_EVENTS = 5;

  /**
   * Appends a batch atomically and durably; returns the sequence id of its last event (for an empty
   * batch, {@link #lastSequence()}). Every event of the batch is checked before anything is written.
   */
  long append(List<Event> batch);

  /**
   * {@link #append} without waiting: the future completes with the sequence id of the batch's last event
   * once the batch is committed, or exceptionally (with a {@link StoreException}) when it was not; a batch
   * with a bad event throws {@link IllegalArgumentException} at once. The durable stores commit batches that
   * arrive together in one transaction (group commit) and complete the future on their committer thread, so
   * dependent work belongs in async stages. This default appends in the calling thread.
   */
  default CompletableFuture<Long> appendAsync(List<Event> batch) {
    long last;
    try {
      last = append(batch);
    } catch (StoreException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.completedFuture(last);
  }

  /**
   * {@link #appendAsync} that also records, in the same transaction, how far the batch's source has been read:
   * {@code positions} maps the name of a source (for example one partition of a Kafka topic) to the position
   * to resume reading it from once this batch is stored. The events and the positions commit together or not
   * at all, so a consumer of an external log that resumes from {@link #sourcePositions} after a crash stores
   * every record of it exactly once. An empty batch records the positions alone. A later position replaces
   * an earlier one of the same name. Names are 1..{@value #MAX_SOURCE_NAME} characters, positions >= 0.
   */
  CompletableFuture<Long> appendAsync(List<Event> batch, Map<String, Long> positions);

  /** Longest source name of {@link #appendAsync(List, Map)}. */
  int MAX_SOURCE_NAME = 512;

  /** The positions recorded by {@link #appendAsync(List, Map)} whose source names start with {@code prefix}. */
  Map<String, Long> sourcePositions(String prefix);

  /**
   * Streams every event with a sequence id above {@code afterSequence}, in sequence order, without holding
   * them all in memory. The sink sees a consistent snapshot taken when the scan starts.
   */
  void scan(long afterSequence, EventSink sink);

  /** The highest sequence id among stored events, 0 when there are none. */
  long lastSequence();

  /** Number of stored events. */
  long count();

  /** Deletes every event of {@code user} and their profile (right to erasure); returns the events deleted. */
  int forgetUser(String user);

  /**
   * Stores or replaces an item's metadata; returns false, storing nothing, when the item was deleted
   * (a deleted item stays deleted: it must never be recommended again).
   */
  default boolean putItem(ItemMeta item) {
    return putItems(List.of(item)) == 1;
  }

  /** {@link #putItem} for many items in one transaction; returns how many were stored. */
  int putItems(List<ItemMeta> items);

  /** The metadata of a live item; empty when unknown or deleted. */
  Optional<ItemMeta> getItem(String item);

  /**
   * Marks an item deleted, for good, whether or not it has metadata; returns false when it already was.
   * Its events stay (they are still evidence about users); the model filters it out of results.
   */
  boolean deleteItem(String item);

  /**
   * Streams the metadata of every live item, in item id order. A stored row that today's {@link ItemMeta}
   * rules refuse (written by an older version or by hand) is left out and logged, never fails the scan.
   */
  void scanItems(Consumer<ItemMeta> sink);

  /**
   * Applies follow and unfollow changes in one transaction, in order; returns how many changed the graph
   * (following someone already followed, or unfollowing someone not followed, changes nothing).
   */
  int follow(List<Follow> changes);

  /** Whom {@code user} follows, in id order. */
  List<String> following(String user);

  /** Every follow edge (follower, followee), in follower then followee order. */
  void scanFollows(java.util.function.BiConsumer<String, String> sink);

  /** Ids of every deleted item. */
  Set<String> deletedItems();

  /**
   * The user's timed events newer than {@code within} before now (the store's clock), newest first, at
   * most {@code limit}; the origin document asks for 90 days and 1,000 ({@link #RECENT_WINDOW},
   * {@link #RECENT_LIMIT}).
   */
  List<Event> recentInteractions(String user, Duration within, int limit);

  /**
   * Other users who interacted with at least {@code minCommon} of the same distinct items as {@code user},
   * by number of common items (descending) then user id, at most {@code limit}.
   */
  List<SimilarUser> similarUsersByCooccurrence(String user, int minCommon, int limit);

  /** One profile per requested user, in the order asked (unknown users get {@link UserProfile#empty}). */
  List<UserProfile> userProfiles(List<String> users);

  /**
   * Users with at least {@link #ACTIVE_MIN_EVENTS} events whose latest event is newer than {@code within}
   * before now, most recently active first, at most {@code limit}: the users worth warming caches for.
   */
  List<String> activeUsers(Duration within, int limit);

  StoreStats stats();

  /**
   * Loads a stream of events in chunks of {@code chunkSize}, each one {@link #append}ed (one COPY or
   * transaction per chunk) while the next chunk is being read, and reports the number of events stored so
   * far after each chunk. Returns the total. A bad event stops the import with an
   * {@link IllegalArgumentException}; the chunks before it stay stored.
   */
  default long importEvents(Iterator<Event> events, int chunkSize, LongConsumer progress) {
    return PipelinedImport.run(this, events, chunkSize, progress);
  }

  /** Releases connections and files; further calls fail. */
  @Override
  void close();
}
