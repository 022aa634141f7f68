package io.swarmrec.eval.synthetic;

/**
 * Draws an index from a fixed discrete distribution in O(1) with Walker's alias method, built in O(n) by
 * the numerically stable construction of Vose ("A linear algorithm for generating random numbers with a
 * given distribution", IEEE Transactions on Software Engineering 17(9), 1991).
 *
 * <p>The table splits n equal columns between their own index and one alias so that each column holds
 * exactly 1/n of the mass. A draw picks a column uniformly and keeps it or takes its alias by a biased coin.
 * Both choices come from one 64-bit random word: the high 32 bits pick the column (multiply-shift, no
 * division), the low 32 bits toss the coin against a threshold stored as a fraction of 2^32, so a sample
 * is one generator step, two array reads and no floating point. A binary search over a cumulative table
 * would cost log2(200,000) = 18 dependent, cache-missing reads per draw instead.
 *
 * <p>Immutable and safe to share between threads.
 */
final class AliasSampler {
  private static final double TWO_32 = 0x1.0p32;

  private final long[] keep; // column keeps its own index when the low 32 random bits are below this
  private final int[] alias;

  /** A sampler over {@code weights} (non-negative, finite, not all zero). */
  AliasSampler(double[] weights) {
    int n = weights.length;
    if (n == 0) {
      throw new IllegalArgumentException("an alias table needs at least one weight");
    }
    double total = 0;
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("weights must be finite and >= 0, got " + w);
      }
      total += w;
    }
    if (total <= 0) {
      throw new IllegalArgumentException("weights must not all be zero");
    }
    keep = new long[n];
    alias = new int[n];
    build(weights, n / total);
  }

  /** Zipf weights {@code 1 / (rank + 1)^exponent} for ranks 0..n-1 (exponent 0 is uniform). */
  static double[] zipfWeights(int n, double exponent) {
    double[] w = new double[n];
    for (int r = 0; r < n; r++) {
      w[r] = 1.0 / StrictMath.pow(r + 1, exponent);
    }
    return w;
  }

  int size() {
    return alias.length;
  }

  int sample(SplitMix64 rng) {
    long bits = rng.nextLong();
    int column = (int) (((bits >>> 32) * alias.length) >>> 32);
    return (bits & 0xffffffffL) < keep[column] ? column : alias[column];
  }

  /** Vose's two-worklist construction over probabilities scaled so that the mean column holds 1. */
  private void build(double[] weights, double scale) {
    int n = weights.length;
    double[] p = new double[n];
    int[] small = new int[n];
    int[] large = new int[n];
    int ns = 0;
    int nl = 0;
    for (int i = 0; i < n; i++) {
      p[i] = weights[i] * scale;
      if (p[i] < 1.0) {
        small[ns++] = i;
      } else {
        large[nl++] = i;
      }
    }
    while (ns > 0 && nl > 0) {
      int s = small[--ns];
      int l = large[--nl];
      keep[s] = (long) (p[s] * TWO_32);
      alias[s] = l;
      p[l] = (p[l] + p[s]) - 1.0; // the large column gives away what fills the small one
      if (p[l] < 1.0) {
        small[ns++] = l;
      } else {
        large[nl++] = l;
      }
    }
    // whatever is left holds (up to rounding) exactly one column of mass: it always keeps itself
    while (nl > 0) {
      fillSelf(large[--nl]);
    }
    while (ns > 0) {
      fillSelf(small[--ns]);
    }
  }

  private void fillSelf(int i) {
    keep[i] = 1L << 32;
    alias[i] = i;
  }
}
