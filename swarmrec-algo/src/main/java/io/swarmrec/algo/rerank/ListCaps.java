package io.swarmrec.algo.rerank;

/**
 * The {@code max_per_category} and {@code max_per_author} counts of the list being built: how many chosen
 * items hold each category and author. A list holds at most k items, so the counts live in two small
 * open-addressing tables sized from k (never one slot per category or author: authors are users, millions
 * of them): O(labels of the item) per check and per add, no allocation after construction.
 */
final class ListCaps {
  private final ItemAttributes attributes;
  private final int maxPerCategory;
  private final int maxPerAuthor;
  private final IntCounts categories;
  private final IntCounts authors;

  ListCaps(ItemAttributes attributes, int maxPerCategory, int maxPerAuthor, int listSize) {
    this.attributes = attributes;
    this.maxPerCategory = maxPerCategory;
    this.maxPerAuthor = maxPerAuthor;
    this.categories = maxPerCategory > 0 ? new IntCounts(listSize * 4) : null;
    this.authors = maxPerAuthor > 0 ? new IntCounts(listSize) : null;
  }

  /** Whether adding {@code item} keeps every cap. */
  boolean allows(int item) {
    if (authors != null) {
      int a = attributes.author(item);
      if (a != ItemAttributes.NO_AUTHOR && authors.get(a) >= maxPerAuthor) {
        return false;
      }
    }
    if (categories != null) {
      int[] ids = attributes.categoryIds();
      for (int p = attributes.categoryStart(item), end = attributes.categoryEnd(item); p < end; p++) {
        if (categories.get(ids[p]) >= maxPerCategory) {
          return false;
        }
      }
    }
    return true;
  }

  /** Counts {@code item} as chosen (also when it breaks a cap: pins do). */
  void add(int item) {
    if (authors != null) {
      int a = attributes.author(item);
      if (a != ItemAttributes.NO_AUTHOR) {
        authors.increment(a);
      }
    }
    if (categories != null) {
      int[] ids = attributes.categoryIds();
      for (int p = attributes.categoryStart(item), end = attributes.categoryEnd(item); p < end; p++) {
        categories.increment(ids[p]);
      }
    }
  }
}
