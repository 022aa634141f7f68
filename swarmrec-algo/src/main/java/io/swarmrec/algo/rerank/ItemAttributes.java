package io.swarmrec.algo.rerank;

import java.util.Arrays;

/**
 * The per-item metadata re-ranking reads, over one snapshot's dense item ids: each item's categories and
 * tags (dense label ids, as CSR: a row pointer array and the labels of all items back to back, sorted
 * within a row) and its author (a dense id, {@link #NO_AUTHOR} for none). Primitive arrays only: 4 bytes
 * per item and label plus 8 per item. Immutable (the arrays are copied in).
 */
public final class ItemAttributes {
  /** The author of an item without one. */
  public static final int NO_AUTHOR = -1;
  private static final int[] NONE = new int[0];

  private final int numItems;
  private final int[] categoryPtr;
  private final int[] categories;
  private final int[] tagPtr;
  private final int[] tags;
  private final int[] authors;

  private ItemAttributes(int numItems, int[] categoryPtr, int[] categories, int[] tagPtr, int[] tags, int[] authors) {
    this.numItems = numItems;
    this.categoryPtr = categoryPtr;
    this.categories = categories;
    this.tagPtr = tagPtr;
    this.tags = tags;
    this.authors = authors;
  }

  /** No categories, tags or authors for {@code numItems} items. */
  public static ItemAttributes none(int numItems) {
    return new Builder(numItems).build();
  }

  public static Builder builder(int numItems) {
    return new Builder(numItems);
  }

  public int numItems() {
    return numItems;
  }

  /** Start of {@code item}'s categories in {@link #categoryIds()}. */
  public int categoryStart(int item) {
    return categoryPtr[item];
  }

  /** End (exclusive) of {@code item}'s categories in {@link #categoryIds()}. */
  public int categoryEnd(int item) {
    return categoryPtr[item + 1];
  }

  /** Every item's categories back to back. Read-only. */
  public int[] categoryIds() {
    return categories;
  }

  public boolean hasCategory(int item, int category) {
    return Arrays.binarySearch(categories, categoryPtr[item], categoryPtr[item + 1], category) >= 0;
  }

  public boolean hasTag(int item, int tag) {
    return Arrays.binarySearch(tags, tagPtr[item], tagPtr[item + 1], tag) >= 0;
  }

  /** {@code item}'s categories, a copy. */
  public int[] categories(int item) {
    return Arrays.copyOfRange(categories, categoryPtr[item], categoryPtr[item + 1]);
  }

  public int author(int item) {
    return authors[item];
  }

  /** Collects per-item labels; every item starts with none. Not thread-safe. */
  public static final class Builder {
    private final int numItems;
    private final int[][] categoriesByItem;
    private final int[][] tagsByItem;
    private final int[] authors;

    private Builder(int numItems) {
      if (numItems < 0) {
        throw new IllegalArgumentException("numItems must be >= 0, got " + numItems);
      }
      this.numItems = numItems;
      this.categoriesByItem = new int[numItems][];
      this.tagsByItem = new int[numItems][];
      this.authors = new int[numItems];
      Arrays.fill(authors, NO_AUTHOR);
    }

    /** Sets {@code item}'s categories (dense ids >= 0; duplicates collapse). */
    public Builder categories(int item, int... ids) {
      categoriesByItem[checkItem(item)] = labels(ids, "category");
      return this;
    }

    /** Sets {@code item}'s tags (dense ids >= 0; duplicates collapse). */
    public Builder tags(int item, int... ids) {
      tagsByItem[checkItem(item)] = labels(ids, "tag");
      return this;
    }

    /** Sets {@code item}'s author (a dense id >= 0, or {@link #NO_AUTHOR}). */
    public Builder author(int item, int author) {
      if (author < NO_AUTHOR) {
        throw new IllegalArgumentException("author id must be >= 0 (or NO_AUTHOR), got " + author);
      }
      authors[checkItem(item)] = author;
      return this;
    }

    public ItemAttributes build() {
      int[] cp = pointers(categoriesByItem);
      int[] tp = pointers(tagsByItem);
      return new ItemAttributes(numItems, cp, flatten(categoriesByItem, cp), tp, flatten(tagsByItem, tp),
          authors.clone());
    }

    private int checkItem(int item) {
      if (item < 0 || item >= numItems) {
        throw new IllegalArgumentException("item id " + item + " not in [0, " + numItems + ")");
      }
      return item;
    }

    private static int[] labels(int[] ids, String what) {
      int[] sorted = Arrays.stream(ids).sorted().distinct().toArray();
      if (sorted.length > 0 && sorted[0] < 0) {
        throw new IllegalArgumentException(what + " ids must be >= 0, got " + sorted[0]);
      }
      return sorted;
    }

    private static int[] pointers(int[][] rows) {
      int[] ptr = new int[rows.length + 1];
      for (int i = 0; i < rows.length; i++) {
        ptr[i + 1] = Math.addExact(ptr[i], rows[i] == null ? 0 : rows[i].length);
      }
      return ptr;
    }

    private static int[] flatten(int[][] rows, int[] ptr) {
      if (ptr[rows.length] == 0) {
        return NONE;
      }
      int[] out = new int[ptr[rows.length]];
      for (int i = 0; i < rows.length; i++) {
        if (rows[i] != null) {
          System.arraycopy(rows[i], 0, out, ptr[i], rows[i].length);
        }
      }
      return out;
    }
  }
}
