package io.swarmrec.core.vector;

/**
 * The few dense float kernels that latent-factor models spend their time in, behind one interface so that
 * the SIMD implementation can be swapped for a scalar one.
 *
 * <p>{@link #get()} picks the implementation once per JVM: the Panama one (jdk.incubator.vector,
 * {@code FloatVector.SPECIES_PREFERRED}) when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} and the system property {@code swarmrec.simd} is not
 * {@code false}, the scalar one otherwise. The incubator class is loaded reflectively, so a JVM without the
 * module never touches it and runs the same code, only slower (the arrangement jvector uses).
 *
 * <p>All methods work on slices of plain {@code float[]} (offset + length) so that a row-major matrix is
 * addressed without copying. Results of {@link #dot} may differ between implementations in the last bits
 * (a different summation order); each implementation is deterministic on its own.
 * Implementations are stateless and thread-safe.
 */
public interface VectorOps {

  /** The implementation chosen for this JVM. */
  static VectorOps get() {
    return VectorOpsProvider.SELECTED;
  }

  /** The portable scalar implementation, whatever {@link #get()} chose. */
  static VectorOps scalar() {
    return ScalarVectorOps.INSTANCE;
  }

  /** A short name for logs and benchmark reports, e.g. {@code "panama-256"} or {@code "scalar"}. */
  String name();

  /** {@code sum(a[aOff+i] * b[bOff+i])} for {@code i < len}. */
  float dot(float[] a, int aOff, float[] b, int bOff, int len);

  /** {@code y[yOff+i] += alpha * x[xOff+i]} for {@code i < len}. */
  void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len);

  /** {@code x[off+i] *= alpha} for {@code i < len}. */
  void scale(float alpha, float[] x, int off, int len);

  /**
   * The selection step of a top-k over a dense score array whose unscored entries hold negative zero (as
   * {@code io.swarmrec.algo.scoring.BlockAccumulator} keeps them): bit {@code i} of the result, for
   * {@code i < len <= 64}, is set when {@code x[off+i]} does not hold the bits of {@code -0f} and
   * {@code x[off+i] + add[off+i] >= threshold} ({@code add} null: {@code x[off+i] >= threshold}). The sum
   * is the float addition the caller would compute, so re-testing a set bit in scalar code gives the same
   * answer; NaN sums are never selected.
   */
  default long selectAtLeast(float[] x, float[] add, int off, int len, float threshold) {
    if (len < 0 || len > 64) {
      throw new IllegalArgumentException("len must be in [0, 64], got " + len);
    }
    long bits = 0;
    for (int i = 0; i < len; i++) {
      float raw = x[off + i];
      float v = add == null ? raw : raw + add[off + i];
      boolean hit = (Float.floatToRawIntBits(raw) != NEGATIVE_ZERO_BITS) & (v >= threshold);
      bits |= (hit ? 1L : 0L) << i;
    }
    return bits;
  }

  /** The bits of {@code -0f}, the mark of an unscored entry for {@link #selectAtLeast}. */
  int NEGATIVE_ZERO_BITS = 0x80000000;

  /**
   * Dots of one vector against consecutive rows of a row-major matrix: {@code out[outOff+r] =
   * dot(q[qOff..], m[(firstRow+r)*dim..], dim)} for {@code r < rows}. The scoring loop of every factor
   * model: one user vector against every item.
   */
  default void dotRows(float[] q, int qOff, float[] m, int firstRow, int rows, int dim, float[] out, int outOff) {
    for (int r = 0, p = firstRow * dim; r < rows; r++, p += dim) {
      out[outOff + r] = dot(q, qOff, m, p, dim);
    }
  }
}
