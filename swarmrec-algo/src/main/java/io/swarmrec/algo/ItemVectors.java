package io.swarmrec.algo;

import io.swarmrec.core.vector.DenseMatrix;
import java.util.Arrays;

/**
 * Content vectors of a snapshot's items (text embeddings supplied by clients), a side input of
 * {@link Algorithms#train(String, io.swarmrec.core.matrix.Interactions, Params, ItemVectors)}: dense item id
 * -> vector of one fixed dimension, or absent.
 *
 * <p>Storage is compact: only the items that have a vector own a row of {@link #matrix()} (row-major,
 * {@code size() x dimensions()}), with two int maps between dense item ids and rows, so a catalogue where
 * few items carry vectors costs 4 bytes per item plus the vectors themselves. Vectors are stored as given
 * (not normalised). Immutable once built; the accessors return live arrays that must be treated as read-only.
 */
public final class ItemVectors {
  /** Returned by {@link #row} for an item without a vector. */
  public static final int ABSENT = -1;

  private final int numItems;
  private final int dimensions;
  private final int[] rowOfItem;
  private final int[] itemOfRow;
  private final DenseMatrix rows;

  private ItemVectors(int numItems, int dimensions, int[] rowOfItem, int[] itemOfRow, float[] data) {
    this.numItems = numItems;
    this.dimensions = dimensions;
    this.rowOfItem = rowOfItem;
    this.itemOfRow = itemOfRow;
    this.rows = new DenseMatrix(itemOfRow.length, dimensions, data);
  }

  /** No item has a vector. */
  public static ItemVectors none(int numItems) {
    requireNumItems(numItems);
    int[] rowOfItem = new int[numItems];
    Arrays.fill(rowOfItem, ABSENT);
    return new ItemVectors(numItems, 0, rowOfItem, new int[0], new float[0]);
  }

  /** From one array per dense item id, {@code null} for an item without a vector (for tests and small embedders). */
  public static ItemVectors of(float[]... byItem) {
    int dim = 0;
    for (float[] v : byItem) {
      if (v != null) {
        dim = v.length;
        break;
      }
    }
    if (dim == 0) {
      return none(byItem.length);
    }
    Builder b = builder(byItem.length, dim);
    for (int i = 0; i < byItem.length; i++) {
      if (byItem[i] != null) {
        b.put(i, byItem[i]);
      }
    }
    return b.build();
  }

  /** A builder for a snapshot of {@code numItems} items and vectors of {@code dimensions} components. */
  public static Builder builder(int numItems, int dimensions) {
    return new Builder(numItems, dimensions);
  }

  /** Number of items of the snapshot (with or without a vector). */
  public int numItems() {
    return numItems;
  }

  /** Components per vector; 0 when no item has one. */
  public int dimensions() {
    return dimensions;
  }

  /** Number of items that have a vector. */
  public int size() {
    return itemOfRow.length;
  }

  public boolean has(int item) {
    return row(item) != ABSENT;
  }

  /** The row of {@link #matrix()} holding {@code item}'s vector, or {@link #ABSENT}. */
  public int row(int item) {
    if (item < 0 || item >= numItems) {
      throw new IllegalArgumentException("item id " + item + " not in [0, " + numItems + ")");
    }
    return rowOfItem[item];
  }

  /** The dense item id whose vector is row {@code row}. */
  public int item(int row) {
    return itemOfRow[row];
  }

  /** A copy of {@code item}'s vector, or null when it has none. */
  public float[] vector(int item) {
    int r = row(item);
    return r == ABSENT ? null : rows.row(r);
  }

  /** The vectors, one row per item that has one (see {@link #item(int)}). Read-only. */
  public DenseMatrix matrix() {
    return rows;
  }

  private static void requireNumItems(int numItems) {
    if (numItems < 0) {
      throw new IllegalArgumentException("numItems must be >= 0, got " + numItems);
    }
  }

  /** Collects vectors item by item; rows follow the order of {@link #put}. Not thread-safe. */
  public static final class Builder {
    private final int numItems;
    private final int dimensions;
    private final int[] rowOfItem;
    private int[] itemOfRow;
    private float[] data;
    private int size;

    private Builder(int numItems, int dimensions) {
      requireNumItems(numItems);
      if (dimensions < 1) {
        throw new IllegalArgumentException("dimensions must be >= 1, got " + dimensions);
      }
      this.numItems = numItems;
      this.dimensions = dimensions;
      this.rowOfItem = new int[numItems];
      Arrays.fill(rowOfItem, ABSENT);
      int cap = Math.min(16, numItems);
      this.itemOfRow = new int[cap];
      this.data = new float[cap * dimensions];
    }

    /** Sets the vector of dense item {@code item}: {@link #dimensions} finite components, once per item. */
    public Builder put(int item, float[] vector) {
      if (item < 0 || item >= numItems) {
        throw new IllegalArgumentException("item id " + item + " not in [0, " + numItems + ")");
      }
      if (vector.length != dimensions) {
        throw new IllegalArgumentException("vector of item " + item + " has " + vector.length
            + " dimensions, expected " + dimensions);
      }
      if (rowOfItem[item] != ABSENT) {
        throw new IllegalArgumentException("item " + item + " already has a vector");
      }
      for (float x : vector) {
        if (!Float.isFinite(x)) {
          throw new IllegalArgumentException("vector of item " + item + " has a non-finite component " + x);
        }
      }
      if (size == itemOfRow.length) {
        int cap = (int) Math.min(numItems, size + (size >> 1) + 16L);
        if ((long) cap * dimensions > Integer.MAX_VALUE - 8) {
          throw new IllegalArgumentException((size + 1) + " vectors of " + dimensions
              + " dimensions do not fit one float array");
        }
        itemOfRow = Arrays.copyOf(itemOfRow, cap);
        data = Arrays.copyOf(data, cap * dimensions);
      }
      System.arraycopy(vector, 0, data, size * dimensions, dimensions);
      itemOfRow[size] = item;
      rowOfItem[item] = size++;
      return this;
    }

    public int dimensions() {
      return dimensions;
    }

    public ItemVectors build() {
      return new ItemVectors(numItems, dimensions, rowOfItem.clone(), Arrays.copyOf(itemOfRow, size),
          Arrays.copyOf(data, size * dimensions));
    }
  }
}
