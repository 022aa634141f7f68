package io.swarmrec.server;

import io.swarmrec.store.Event;
import io.swarmrec.store.EventSink;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.ItemMeta;
import io.swarmrec.store.SimilarUser;
import io.swarmrec.store.StoreException;
import io.swarmrec.store.StoreStats;
import io.swarmrec.store.UserProfile;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A store that can be made to fail or to hang, as a database that went away would, around a real one. */
final class SwitchableStore implements InteractionStore {
  enum Mode { UP, FAILING, HANGING }

  private final InteractionStore real;
  volatile Mode mode = Mode.UP;

  SwitchableStore(InteractionStore real) {
    this.real = real;
  }

  private void check() {
    switch (mode) {
      case UP -> { }
      case FAILING -> throw new StoreException("connection refused (test)");
      case HANGING -> { // until the "network" is back, as a call on a dead connection would
        try {
          while (mode == Mode.HANGING) {
            Thread.sleep(20);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new StoreException("timed out (test)");
      }
    }
  }

  @Override
  public long append(List<Event> batch) {
    check();
    return real.append(batch);
  }

  @Override
  public CompletableFuture<Long> appendAsync(List<Event> batch) {
    if (mode == Mode.HANGING) {
      return new CompletableFuture<>(); // never completes
    }
    if (mode == Mode.FAILING) {
      return CompletableFuture.failedFuture(new StoreException("connection refused (test)"));
    }
    return real.appendAsync(batch);
  }

  @Override
  public CompletableFuture<Long> appendAsync(List<Event> batch, java.util.Map<String, Long> positions) {
    if (mode != Mode.UP) {
      return appendAsync(batch);
    }
    return real.appendAsync(batch, positions);
  }

  @Override
  public java.util.Map<String, Long> sourcePositions(String prefix) {
    check();
    return real.sourcePositions(prefix);
  }

  @Override
  public void scan(long afterSequence, EventSink sink) {
    check();
    real.scan(afterSequence, sink);
  }

  @Override
  public long lastSequence() {
    check();
    return real.lastSequence();
  }

  @Override
  public long count() {
    check();
    return real.count();
  }

  @Override
  public int forgetUser(String user) {
    check();
    return real.forgetUser(user);
  }

  @Override
  public int putItems(List<ItemMeta> items) {
    check();
    return real.putItems(items);
  }

  @Override
  public Optional<ItemMeta> getItem(String item) {
    check();
    return real.getItem(item);
  }

  @Override
  public boolean deleteItem(String item) {
    check();
    return real.deleteItem(item);
  }

  @Override
  public void scanItems(Consumer<ItemMeta> sink) {
    check();
    real.scanItems(sink);
  }

  @Override
  public int follow(List<io.swarmrec.store.Follow> changes) {
    check();
    return real.follow(changes);
  }

  @Override
  public List<String> following(String user) {
    check();
    return real.following(user);
  }

  @Override
  public void scanFollows(java.util.function.BiConsumer<String, String> sink) {
    check();
    real.scanFollows(sink);
  }

  @Override
  public Set<String> deletedItems() {
    check();
    return real.deletedItems();
  }

  @Override
  public List<Event> recentInteractions(String user, Duration within, int limit) {
    check();
    return real.recentInteractions(user, within, limit);
  }

  @Override
  public List<SimilarUser> similarUsersByCooccurrence(String user, int minCommon, int limit) {
    check();
    return real.similarUsersByCooccurrence(user, minCommon, limit);
  }

  @Override
  public List<UserProfile> userProfiles(List<String> users) {
    check();
    return real.userProfiles(users);
  }

  @Override
  public List<String> activeUsers(Duration within, int limit) {
    check();
    return real.activeUsers(within, limit);
  }

  @Override
  public StoreStats stats() {
    return real.stats();
  }

  @Override
  public void close() {
    real.close();
  }
}
