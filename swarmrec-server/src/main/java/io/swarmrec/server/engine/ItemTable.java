package io.swarmrec.server.engine;

import io.swarmrec.algo.rerank.ItemAttributes;
import io.swarmrec.core.IdDictionary;
import io.swarmrec.store.Event;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.ItemMeta;
import java.util.Arrays;
import java.util.List;

/**
 * The catalogue metadata of one model's items, in the model's dense ids: categories, tags and authors as
 * {@link ItemAttributes} (labels and authors numbered in dictionaries of their own), creation times, and each
 * author's items (so a feed never recommends users their own posts). Read once per build from the store
 * ({@link InteractionStore#scanItems}); items whose metadata changes later are looked up in
 * {@link Catalogue#changed} first. Immutable.
 */
final class ItemTable {
  final ItemAttributes attributes;
  final IdDictionary categories;
  final IdDictionary tags;
  final IdDictionary authors;
  private final long[] created; // Event.NO_TIME when unknown
  private int[] degree = new int[0]; // interactions per item, for the network source's engagement
  private final int[][] byAuthor; // author id -> dense items, ascending
  private final boolean any;

  private ItemTable(ItemAttributes attributes, IdDictionary categories, IdDictionary tags, IdDictionary authors,
      long[] created, int[][] byAuthor, boolean any) {
    this.attributes = attributes;
    this.categories = categories;
    this.tags = tags;
    this.authors = authors;
    this.created = created;
    this.byAuthor = byAuthor;
    this.any = any;
  }

  static ItemTable empty(int numItems) {
    long[] created = new long[numItems];
    Arrays.fill(created, Event.NO_TIME);
    return new ItemTable(ItemAttributes.none(numItems), new IdDictionary(), new IdDictionary(), new IdDictionary(),
        created, new int[0][], false);
  }

  /** The metadata of every live item of {@code items} in the store; items without metadata have none. */
  static ItemTable load(InteractionStore store, IdDictionary items) {
    int n = items.size();
    ItemAttributes.Builder b = ItemAttributes.builder(n);
    IdDictionary categories = new IdDictionary();
    IdDictionary tags = new IdDictionary();
    IdDictionary authors = new IdDictionary();
    long[] created = new long[n];
    Arrays.fill(created, Event.NO_TIME);
    int[] authorOf = new int[n];
    Arrays.fill(authorOf, -1);
    boolean[] any = {false};
    store.scanItems(m -> {
      int id = items.get(m.item());
      if (id < 0) {
        return; // metadata of an item no event and no vector brought into the model
      }
      any[0] = true;
      b.categories(id, ids(m.categories(), categories));
      b.tags(id, ids(m.tags(), tags));
      if (m.author() != null) {
        authorOf[id] = authors.getOrAdd(m.author());
        b.author(id, authorOf[id]);
      }
      created[id] = m.createdEpochSecond();
    });
    int[] counts = new int[authors.size()];
    for (int a : authorOf) {
      if (a >= 0) {
        counts[a]++;
      }
    }
    int[][] byAuthor = new int[authors.size()][];
    for (int a = 0; a < byAuthor.length; a++) {
      byAuthor[a] = new int[counts[a]];
      counts[a] = 0;
    }
    for (int i = 0; i < n; i++) {
      if (authorOf[i] >= 0) {
        byAuthor[authorOf[i]][counts[authorOf[i]]++] = i;
      }
    }
    return new ItemTable(b.build(), categories, tags, authors, created, byAuthor, any[0]);
  }

  private static int[] ids(List<String> labels, IdDictionary dict) {
    int[] out = new int[labels.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = dict.getOrAdd(labels.get(i));
    }
    return out;
  }

  /** Counts each item's interactions in the snapshot's user rows (the item ids a serving model always keeps). */
  ItemTable withDegrees(io.swarmrec.core.matrix.CsrMatrix byUser) {
    int[] d = new int[created.length];
    int[] idx = byUser.indices();
    for (int p = 0, n = byUser.nnz(); p < n; p++) {
      d[idx[p]]++;
    }
    degree = d;
    return this;
  }

  /** The item's number of interactions in the snapshot. */
  int degree(int item) {
    return item < degree.length ? degree[item] : 0;
  }

  /** Whether any item has metadata (else every rule on metadata has nothing to look at). */
  boolean any() {
    return any;
  }

  /** The item's creation time, {@link Event#NO_TIME} when unknown. */
  long created(int item) {
    return created[item];
  }

  /** The dense items authored by user {@code user} (an external id), ascending; empty when none. */
  int[] itemsBy(String user) {
    int a = authors.get(user);
    return a < 0 ? new int[0] : byAuthor[a];
  }

  /** Whether a changed item's metadata (looked up by external id) matches; for {@link Catalogue#changed}. */
  static boolean hasLabel(ItemMeta m, boolean category, String label) {
    return (category ? m.categories() : m.tags()).contains(label);
  }
}
