package io.swarmrec.algo.linear;

import java.lang.ref.Cleaner;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The inverse of a symmetric positive definite matrix by LAPACK from OpenBLAS (through the JavaCPP
 * presets, {@code org.bytedeco:openblas}, whose jar carries the native library): {@code spotrf} (Cholesky),
 * {@code strtri} and {@code slauum} ({@code potri} split in its two halves), all blocked level-3 kernels
 * tuned per CPU and threaded by OpenBLAS, in float. The matrix lives in native memory, outside the Java
 * heap, so that a 40k-item EASE (6.4 GB) needs no giant heap; it is row-major lower, which is what LAPACK
 * calls column-major upper, so no transposed copy is ever made (LAPACKE's row-major entry points would make
 * one).
 *
 * <p>{@link #available()} says whether the native library loaded; {@link BlockedCholesky} is the pure-Java
 * fallback and computes the same inverse.
 */
final class LapackCholesky {
  private static final Cleaner CLEANER = Cleaner.create();
  private static final int TILE = 256;
  private static final String PROBLEM = probe();

  private LapackCholesky() {}

  /** Null when OpenBLAS loaded, else why not. */
  private static String probe() {
    try {
      Loader.load(openblas.class);
      return null;
    } catch (LinkageError | RuntimeException e) {
      return e.toString();
    }
  }

  static boolean available() {
    return PROBLEM == null;
  }

  /** Why the native library is not available (null when it is). */
  static String problem() {
    return PROBLEM;
  }

  /** Fills a native matrix: {@code rows(from, to, buffer)} writes rows {@code [from, to)} row-major. */
  interface RowSource {
    void rows(int from, int to, float[] buffer);
  }

  /**
   * EASE's weights {@code B_ij = -P_ij / P_jj} (zero diagonal) for {@code P} the inverse of the matrix that
   * {@code source} writes (only each row's part left of and on the diagonal is read), in native memory.
   */
  static DenseRows easeWeights(int n, RowSource source, int threads) {
    if (!available()) {
      throw new IllegalStateException("OpenBLAS is not available: " + PROBLEM);
    }
    long count = (long) n * n;
    Pointer raw = Pointer.malloc(4 * count);
    if (raw == null || raw.isNull()) {
      throw new IllegalArgumentException("cannot allocate " + (4 * count >> 20) + " MB of native memory for a "
          + n + "x" + n + " matrix");
    }
    FloatPointer m = new FloatPointer(raw).capacity(count);
    NativeRows rows = new NativeRows(m, n);
    CLEANER.register(rows, () -> Pointer.free(raw));
    int slab = Math.max(1, (1 << 22) / n);
    float[] buffer = new float[slab * n];
    for (int from = 0; from < n; from += slab) {
      int to = Math.min(n, from + slab);
      source.rows(from, to, buffer);
      m.position((long) from * n).put(buffer, 0, (to - from) * n);
    }
    m.position(0);
    openblas.blas_set_num_threads(threads);
    check("spotrf", openblas.LAPACKE_spotrf(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, m, n));
    check("strtri", openblas.LAPACKE_strtri(openblas.LAPACK_COL_MAJOR, (byte) 'U', (byte) 'N', n, m, n));
    check("slauum", openblas.LAPACKE_slauum(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, m, n));
    toEaseWeights(m, n);
    return rows;
  }

  private static void check(String routine, int info) {
    if (info > 0) {
      throw new IllegalArgumentException("matrix is not positive definite (" + routine + " info " + info + ")");
    }
    if (info < 0) {
      throw new IllegalStateException(routine + " rejected argument " + -info);
    }
  }

  /**
   * Turns the lower triangle of {@code P} into the full {@code B}, one pair of mirrored tiles at a time:
   * tile {@code (I, J)}, {@code I >= J}, is read once and gives {@code B_IJ} and {@code B_JI}.
   */
  private static void toEaseWeights(FloatPointer m, int n) {
    float[] diag = new float[n];
    for (int i = 0; i < n; i++) {
      diag[i] = m.get((long) i * n + i);
    }
    float[] lower = new float[TILE * TILE];
    float[] out = new float[TILE * TILE];
    for (int i0 = 0; i0 < n; i0 += TILE) {
      int h = Math.min(TILE, n - i0);
      for (int j0 = 0; j0 <= i0; j0 += TILE) {
        int w = Math.min(TILE, n - j0);
        for (int r = 0; r < h; r++) {
          m.position((long) (i0 + r) * n + j0).get(lower, r * TILE, w);
        }
        boolean diagonal = i0 == j0;
        for (int r = 0; r < h; r++) { // B_IJ
          int i = i0 + r;
          for (int c = 0; c < w; c++) {
            int j = j0 + c;
            float p = !diagonal || c <= r ? lower[r * TILE + c] : lower[c * TILE + r];
            out[r * TILE + c] = i == j ? 0f : -p / diag[j];
          }
        }
        for (int r = 0; r < h; r++) {
          m.position((long) (i0 + r) * n + j0).put(out, r * TILE, w);
        }
        if (!diagonal) { // B_JI = -(P_IJ)^T / diag_I
          for (int c = 0; c < w; c++) {
            for (int r = 0; r < h; r++) {
              out[c * TILE + r] = -lower[r * TILE + c] / diag[i0 + r];
            }
          }
          for (int c = 0; c < w; c++) {
            m.position((long) (j0 + c) * n + i0).put(out, c * TILE, h);
          }
        }
      }
    }
    m.position(0);
  }

  /**
   * Rows in native memory, copied out one at a time through a per-thread view of the matrix (a pointer with
   * a 64-bit position, so that rows past 2 GB are reached: a direct buffer's index is an int); the memory is
   * freed when this object is no longer reachable.
   */
  private static final class NativeRows implements DenseRows {
    private final int n;
    private final ThreadLocal<FloatPointer> views;
    private final ThreadLocal<float[]> row;

    NativeRows(FloatPointer m, int n) {
      this.n = n;
      this.views = ThreadLocal.withInitial(() -> new FloatPointer(m));
      this.row = ThreadLocal.withInitial(() -> new float[n]);
    }

    @Override
    public int size() {
      return n;
    }

    @Override
    public void addRow(int r, float weight, float[] out) {
      float[] buf = row.get();
      views.get().position((long) r * n).get(buf, 0, n);
      io.swarmrec.core.vector.VectorOps.get().axpy(weight, buf, 0, out, 0, n);
    }
  }
}
