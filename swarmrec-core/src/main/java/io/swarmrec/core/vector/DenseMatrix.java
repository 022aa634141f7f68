package io.swarmrec.core.vector;

import io.swarmrec.core.matrix.CsrMatrix;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A dense row-major float matrix: row {@code r} is {@code data[r*cols .. r*cols+cols-1]}. The storage of
 * latent factors (users x factors, items x factors), kept as one flat array so a row is a cache-friendly
 * slice that {@link VectorOps} kernels read directly, with no per-row object.
 *
 * <p>The accessors return the live array: callers must treat it as read-only unless they own the matrix
 * (trainers fill it, then publish it). 2^31 floats is the size limit, e.g. 8 million rows of 256 factors.
 */
public final class DenseMatrix {
  private final int rows;
  private final int cols;
  private final float[] data;

  public DenseMatrix(int rows, int cols, float[] data) {
    if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
      throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix needs " + (long) rows * cols
          + " values, got " + data.length);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /** A matrix of zeros; fails clearly instead of overflowing when it would not fit one array. */
  public static DenseMatrix zeros(int rows, int cols) {
    long n = (long) rows * cols;
    if (rows < 0 || cols < 0 || n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a " + rows + "x" + cols + " dense matrix does not fit one float array");
    }
    return new DenseMatrix(rows, cols, new float[(int) n]);
  }

  /** A matrix of independent N(0, std^2) entries drawn from {@code rnd} in row-major order (reproducible). */
  public static DenseMatrix gaussian(int rows, int cols, double std, SplittableRandom rnd) {
    DenseMatrix m = zeros(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = (float) (std * rnd.nextGaussian());
    }
    return m;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** The values, row-major. Read-only for everyone but the owner. */
  public float[] data() {
    return data;
  }

  /** Index of the first value of {@code row} in {@link #data()}. */
  public int offset(int row) {
    return row * cols;
  }

  public float get(int row, int col) {
    return data[row * cols + col];
  }

  /** A copy of one row. */
  public float[] row(int row) {
    return Arrays.copyOfRange(data, row * cols, row * cols + cols);
  }

  /** Euclidean norm of every row. */
  public float[] rowNorms() {
    VectorOps ops = VectorOps.get();
    float[] n = new float[rows];
    for (int r = 0; r < rows; r++) {
      n[r] = (float) Math.sqrt(ops.dot(data, r * cols, data, r * cols, cols));
    }
    return n;
  }

  /**
   * The Gram matrix {@code this^T this} ({@code cols x cols}, symmetric, row-major, in double).
   *
   * <p>Only the upper triangle is accumulated, then mirrored. Rows are cut into fixed blocks of 1024 whatever the thread count; each block sums its outer
   * products in float (an {@code axpy} per row and column, the SIMD-friendly form), and the block sums are
   * added in block order in double. The result is therefore identical for any number of threads, and the
   * float rounding error grows with the block size, not with the number of rows.
   */
  public double[] gram(int threads) {
    int block = 1024;
    int blocks = (rows + block - 1) / block;
    float[][] partial = new float[blocks][];
    ParallelBlocks.run(rows, block, threads, (worker, b, from, to) -> partial[b] = blockGram(from, to));
    double[] g = new double[cols * cols];
    for (float[] p : partial) {
      for (int i = 0; i < g.length; i++) {
        g[i] += p[i];
      }
    }
    for (int a = 0; a < cols; a++) { // only the upper triangle was accumulated
      for (int b = 0; b < a; b++) {
        g[a * cols + b] = g[b * cols + a];
      }
    }
    return g;
  }

  /**
   * Dots of {@code count} query vectors ({@code queries}, row-major, {@code cols} wide) against every row:
   * {@code out[q][r] = queries[q] . row r}. The rows are visited in slices small enough to stay in cache
   * while every query reads them, so the matrix is streamed from memory once per call instead of once per
   * query: the difference between memory-bound and compute-bound batch scoring.
   */
  public void scoreRows(float[] queries, int count, float[][] out) {
    VectorOps ops = VectorOps.get();
    int slice = Math.max(16, (128 * 1024) / (4 * Math.max(1, cols)));
    for (int r = 0; r < rows; r += slice) {
      int len = Math.min(slice, rows - r);
      for (int q = 0; q < count; q++) {
        ops.dotRows(queries, q * cols, data, r, len, cols, out[q], r);
      }
    }
  }

  /**
   * {@code this * small}, where {@code small} is a {@code cols x smallCols} row-major matrix: the product of a
   * tall matrix by a small one (a change of basis), row by row with one {@code axpy} per entry.
   */
  public DenseMatrix times(double[] small, int smallCols, int threads) {
    if (small.length != cols * smallCols) {
      throw new IllegalArgumentException("a " + cols + "x" + smallCols + " matrix needs " + cols * smallCols
          + " values, got " + small.length);
    }
    float[] t = new float[small.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) small[i];
    }
    DenseMatrix out = zeros(rows, smallCols);
    ParallelBlocks.run(rows, 256, threads, (worker, block, from, to) -> {
      VectorOps ops = VectorOps.get();
      for (int r = from; r < to; r++) {
        for (int a = 0; a < cols; a++) {
          float v = data[r * cols + a];
          if (v != 0f) {
            ops.axpy(v, t, a * smallCols, out.data, r * smallCols, smallCols);
          }
        }
      }
    });
    return out;
  }

  /** The product of a sparse and a dense matrix, {@code a * b}, each output row an independent sum of rows of b. */
  public static DenseMatrix product(CsrMatrix a, DenseMatrix b, int threads) {
    DenseMatrix out = zeros(a.rows(), b.cols);
    multiply(a, b, out, threads);
    return out;
  }

  /**
   * {@code out = a * b} into an existing matrix (overwritten), for loops that reuse their buffers. With
   * {@code b} narrow (a block of column vectors side by side), each non-zero of {@code a} becomes one
   * {@code axpy} across the block: sparse-matrix products for many vectors at the cost of SIMD row updates.
   */
  public static void multiply(CsrMatrix a, DenseMatrix b, DenseMatrix out, int threads) {
    if (a.cols() != b.rows || out.rows != a.rows() || out.cols != b.cols) {
      throw new IllegalArgumentException("cannot multiply " + a.rows() + "x" + a.cols() + " by " + b.rows + "x"
          + b.cols + " into " + out.rows + "x" + out.cols);
    }
    int[] idx = a.indices();
    float[] val = a.values();
    int w = b.cols;
    ParallelBlocks.run(a.rows(), 256, threads, (worker, block, from, to) -> {
      VectorOps ops = VectorOps.get();
      Arrays.fill(out.data, from * w, to * w, 0f);
      for (int r = from; r < to; r++) {
        for (int p = a.rowStart(r), e = a.rowEnd(r); p < e; p++) {
          ops.axpy(val[p], b.data, idx[p] * w, out.data, r * w, w);
        }
      }
    });
  }

  private float[] blockGram(int from, int to) {
    VectorOps ops = VectorOps.get();
    float[] g = new float[cols * cols];
    for (int r = from; r < to; r++) {
      int off = r * cols;
      for (int a = 0; a < cols; a++) {
        float v = data[off + a];
        if (v != 0f) {
          ops.axpy(v, data, off + a, g, a * cols + a, cols - a);
        }
      }
    }
    return g;
  }
}
