package io.swarmrec.core.matrix;

import java.util.Arrays;

/**
 * A sparse matrix in compressed sparse row (CSR) form: row {@code r} holds the entries at positions
 * {@code indptr[r] .. indptr[r+1]-1} of {@code indices} (column ids, ascending within a row),
 * {@code values} (weights) and, optionally, {@code times} (event times, see {@link Interactions#epochSecond}).
 * A serving snapshot whose models read neither may hold neither ({@link #withoutValues()},
 * {@link #withoutTimes()}, see {@link Interactions#release}): then {@link #values()} fails loudly rather than
 * hand out weights that are not there.
 *
 * <p>Memory is 4 bytes per row plus 8 (12 with times) per stored entry, the least a weighted sparse
 * matrix can take without compression; 50 million interactions fit in 600 MB with times. Hot paths read
 * the arrays directly through the accessors below, which return the live arrays without copying: callers
 * must treat them as read-only. Instances are immutable once built and safe to share between threads.
 */
public final class CsrMatrix {
  private final int rows;
  private final int cols;
  private final int[] indptr;
  private final int[] indices;
  private final float[] values; // null once released
  private final int[] times; // may be null

  /** @param values the weights, or null for a matrix without them; @param times null for none */
  public CsrMatrix(int rows, int cols, int[] indptr, int[] indices, float[] values, int[] times) {
    if (indptr.length != rows + 1) {
      throw new IllegalArgumentException("indptr length " + indptr.length + " != rows + 1 = " + (rows + 1));
    }
    int nnz = indptr[rows];
    if (indices.length < nnz || (values != null && values.length < nnz) || (times != null && times.length < nnz)) {
      throw new IllegalArgumentException("arrays shorter than nnz " + nnz);
    }
    this.rows = rows;
    this.cols = cols;
    this.indptr = indptr;
    this.indices = indices;
    this.values = values;
    this.times = times;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  public int nnz() {
    return indptr[rows];
  }

  public int rowStart(int row) {
    return indptr[row];
  }

  public int rowEnd(int row) {
    return indptr[row + 1];
  }

  public int rowLength(int row) {
    return indptr[row + 1] - indptr[row];
  }

  /** Row pointers, length {@code rows()+1}. Read-only. */
  public int[] indptr() {
    return indptr;
  }

  /** Column ids. Read-only. */
  public int[] indices() {
    return indices;
  }

  /**
   * Entry weights. Read-only.
   *
   * @throws IllegalStateException when this matrix holds no weights ({@link #withoutValues()})
   */
  public float[] values() {
    if (values == null) {
      throw new IllegalStateException("this matrix holds no weights: they were released for serving by a model"
          + " set that does not read them (Interactions.release)");
    }
    return values;
  }

  /** Whether {@link #values()} has weights to give. */
  public boolean hasValues() {
    return values != null;
  }

  /** This matrix without weights, sharing every other array. */
  public CsrMatrix withoutValues() {
    return new CsrMatrix(rows, cols, indptr, indices, null, times);
  }

  /** This matrix without times, sharing every other array. */
  public CsrMatrix withoutTimes() {
    return new CsrMatrix(rows, cols, indptr, indices, values, null);
  }

  /** Entry times (offsets, see {@link Interactions#epochSecond}), or null when none were kept. Read-only. */
  public int[] times() {
    return times;
  }

  public boolean hasTimes() {
    return times != null;
  }

  /** The weight at (row, col), or 0 when absent. Binary search within the row. */
  public float get(int row, int col) {
    int p = Arrays.binarySearch(indices, indptr[row], indptr[row + 1], col);
    return p >= 0 ? values()[p] : 0f;
  }

  public boolean contains(int row, int col) {
    return Arrays.binarySearch(indices, indptr[row], indptr[row + 1], col) >= 0;
  }

  /**
   * The transpose, with column ids ascending within each row (a stable counting sort, O(nnz + rows + cols));
   * it holds weights and times when this matrix does.
   */
  public CsrMatrix transpose() {
    int nnz = nnz();
    int[] tptr = new int[cols + 1];
    for (int p = 0; p < nnz; p++) {
      tptr[indices[p] + 1]++;
    }
    for (int c = 0; c < cols; c++) {
      tptr[c + 1] += tptr[c];
    }
    int[] next = Arrays.copyOf(tptr, cols);
    int[] tind = new int[nnz];
    float[] tval = values == null ? null : new float[nnz];
    int[] ttime = times == null ? null : new int[nnz];
    for (int r = 0; r < rows; r++) {
      for (int p = indptr[r], end = indptr[r + 1]; p < end; p++) {
        int q = next[indices[p]]++;
        tind[q] = r;
        if (tval != null) {
          tval[q] = values[p];
        }
        if (ttime != null) {
          ttime[q] = times[p];
        }
      }
    }
    return new CsrMatrix(cols, rows, tptr, tind, tval, ttime);
  }

  /** A copy with every value replaced by {@code f(value)}; structure and times shared. */
  public CsrMatrix mapValues(FloatUnaryOperator f) {
    int nnz = nnz();
    float[] from = values();
    float[] v = new float[nnz];
    for (int p = 0; p < nnz; p++) {
      v[p] = f.apply(from[p]);
    }
    return new CsrMatrix(rows, cols, indptr, indices, v, times);
  }

  /** Bytes held by the arrays. */
  public long sizeInBytes() {
    long b = 4L * indptr.length + 4L * indices.length;
    if (values != null) {
      b += 4L * values.length;
    }
    return times == null ? b : b + 4L * times.length;
  }

  /** A float to float function without boxing. */
  @FunctionalInterface
  public interface FloatUnaryOperator {
    float apply(float v);
  }
}
