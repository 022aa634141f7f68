package io.swarmrec.core.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels on the widest float vectors the CPU offers ({@code SPECIES_PREFERRED}: 8 lanes on AVX2,
 * 16 on AVX-512), with fused multiply-add and a scalar tail for lengths that are not a multiple of the lane
 * count. {@link #dot} keeps two vector accumulators so consecutive FMAs do not wait on each other.
 *
 * <p>Only {@link VectorOpsProvider} may load this class, and only reflectively after checking that the
 * module {@code jdk.incubator.vector} is in the boot layer: referencing it directly would fail to link on a
 * JVM started without {@code --add-modules jdk.incubator.vector}.
 */
final class PanamaVectorOps implements VectorOps {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  PanamaVectorOps() {}

  @Override
  public String name() {
    return "panama-" + S.vectorBitSize();
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
    FloatVector acc0 = FloatVector.zero(S);
    FloatVector acc1 = FloatVector.zero(S);
    int i = 0;
    for (int bound = len - 2 * L; i <= bound; i += 2 * L) {
      acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
      acc1 = FloatVector.fromArray(S, a, aOff + i + L).fma(FloatVector.fromArray(S, b, bOff + i + L), acc1);
    }
    if (i <= len - L) {
      acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
      i += L;
    }
    float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; i < len; i++) {
      s += a[aOff + i] * b[bOff + i];
    }
    return s;
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
    FloatVector va = FloatVector.broadcast(S, alpha);
    int i = 0;
    for (int bound = len - L; i <= bound; i += L) {
      FloatVector.fromArray(S, x, xOff + i).fma(va, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
    }
    for (; i < len; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  /** {@link VectorOps#selectAtLeast}: whole vectors, then one masked vector for a tail shorter than a lane count. */
  @Override
  public long selectAtLeast(float[] x, float[] add, int off, int len, float threshold) {
    if (len < 0 || len > 64) {
      throw new IllegalArgumentException("len must be in [0, 64], got " + len);
    }
    long bits = 0;
    int i = 0;
    for (int bound = len - L; i <= bound; i += L) {
      bits |= select(FloatVector.fromArray(S, x, off + i), add == null ? null : FloatVector.fromArray(S, add, off + i),
          threshold).toLong() << i;
    }
    if (i < len) {
      VectorMask<Float> tail = S.indexInRange(i, len);
      FloatVector raw = FloatVector.fromArray(S, x, off + i, tail);
      FloatVector a = add == null ? null : FloatVector.fromArray(S, add, off + i, tail);
      bits |= select(raw, a, threshold).and(tail).toLong() << i;
    }
    return bits;
  }

  private static VectorMask<Float> select(FloatVector raw, FloatVector add, float threshold) {
    FloatVector v = add == null ? raw : raw.add(add);
    VectorMask<Float> scored = ((IntVector) raw.reinterpretAsInts())
        .compare(VectorOperators.NE, NEGATIVE_ZERO_BITS).cast(S);
    return scored.and(v.compare(VectorOperators.GE, threshold));
  }

  @Override
  public void scale(float alpha, float[] x, int off, int len) {
    int i = 0;
    for (int bound = len - L; i <= bound; i += L) {
      FloatVector.fromArray(S, x, off + i).mul(alpha).intoArray(x, off + i);
    }
    for (; i < len; i++) {
      x[off + i] *= alpha;
    }
  }
}
