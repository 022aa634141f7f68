package io.swarmrec.server.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The item-side state that changes between rebuilds and that every read path honours at once: items
 * deleted since (never recommended again), items stored with a content vector since ({@link FreshItems}),
 * items whose metadata changed since ({@link #changed}),
 * and a generation bumped whenever every remembered answer (the step tables) must be computed again.
 * Written by {@link Writes}; read by {@link Reads} and {@link Steps}.
 */
final class Catalogue {
  final Set<String> deleted = ConcurrentHashMap.newKeySet();
  /** Items whose metadata was stored since the serving model's build: rules read it here, not in {@link ItemTable}. */
  final java.util.Map<String, io.swarmrec.store.ItemMeta> changed = new ConcurrentHashMap<>();
  private final java.util.Map<String, Long> changedAtMillis = new ConcurrentHashMap<>();
  final FreshItems fresh = new FreshItems();
  private final AtomicLong generation = new AtomicLong();

  Catalogue(Set<String> deletedInStore) {
    deleted.addAll(deletedInStore);
  }

  /** How many more candidates than k to ask a model for so that deleted items do not shorten the list. */
  int slack(int cap) {
    return Math.min(deleted.size(), cap);
  }

  /** Items stored since the build, by author: the network source's fresh posts. */
  final java.util.Map<String, java.util.Set<String>> changedByAuthor = new ConcurrentHashMap<>();

  private volatile long lastChangeMillis;

  /** When item metadata last changed (epoch ms, 0 never): answers under rules cached before may be out of date. */
  long lastChangeMillis() {
    return lastChangeMillis;
  }

  void itemChanged(io.swarmrec.store.ItemMeta meta) {
    lastChangeMillis = System.currentTimeMillis();
    io.swarmrec.store.ItemMeta before = changed.put(meta.item(), meta);
    changedAtMillis.put(meta.item(), System.currentTimeMillis());
    if (before != null && before.author() != null && !before.author().equals(meta.author())) {
      java.util.Set<String> old = changedByAuthor.get(before.author());
      if (old != null) {
        old.remove(meta.item());
      }
    }
    if (meta.author() != null) {
      changedByAuthor.computeIfAbsent(meta.author(), a -> ConcurrentHashMap.newKeySet()).add(meta.item());
    }
  }

  /** Forgets the changes a model built from a scan that started at {@code scanStartMillis} holds. */
  void pruneChanged(long scanStartMillis) {
    changedAtMillis.forEach((item, at) -> {
      if (at < scanStartMillis && changedAtMillis.remove(item, at)) {
        io.swarmrec.store.ItemMeta m = changed.remove(item);
        if (m != null && m.author() != null) {
          java.util.Set<String> byAuthor = changedByAuthor.get(m.author());
          if (byAuthor != null) {
            byAuthor.remove(item);
          }
        }
      }
    });
  }

  long generation() {
    return generation.get();
  }

  void everythingChanged() {
    generation.incrementAndGet();
  }
}
