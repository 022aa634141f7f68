package io.swarmrec.load;

import java.util.SplittableRandom;

/**
 * Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s, in constant time and memory for
 * any n, by rejection-inversion (W. Hörmann and G. Derflinger, "Rejection-inversion to generate variates
 * from monotone discrete distributions", ACM TOMACS 6(3), 1996).
 *
 * <p>Why this method: a cumulative table with binary search costs 8 bytes per rank (8 MB for a million
 * agents, more for items) and a cache miss per draw, and the classic Zipf generators need the harmonic
 * number H(n, s). Rejection-inversion instead inverts the integral H(x) of the continuous hat
 * h(x) = x^-s, which bounds the discrete masses from above when each rank k owns the interval
 * [k - 1/2, k + 1/2]; a draw is accepted at once for all but a tiny fraction of ranks, so the expected
 * cost is about one uniform, one exp and one log.
 *
 * <p>Rank 0 is the most frequent: with user ids {@code prefix + rank}, agent "a0" is the hottest.
 */
final class ZipfSampler {
  private final int n;
  private final double s;
  private final double hIntegralX1;
  private final double hIntegralN;
  private final double squeeze;

  ZipfSampler(int n, double s) {
    if (n < 1 || !(s >= 0) || Double.isInfinite(s)) {
      throw new IllegalArgumentException("Zipf needs n >= 1 and a finite exponent >= 0, got n=" + n + ", s=" + s);
    }
    this.n = n;
    this.s = s;
    hIntegralX1 = hIntegral(1.5) - 1;
    hIntegralN = hIntegral(n + 0.5);
    squeeze = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
  }

  /** A rank in [0, n), deterministic for the random source's state. */
  int next(SplittableRandom rnd) {
    while (true) {
      double u = hIntegralN + rnd.nextDouble() * (hIntegralX1 - hIntegralN);
      double x = hIntegralInverse(u);
      long k = Math.max(1, Math.min(n, (long) (x + 0.5)));
      // the squeeze accepts most draws without evaluating the exact bound
      if (k - x <= squeeze || u >= hIntegral(k + 0.5) - h(k)) {
        return (int) (k - 1);
      }
    }
  }

  int size() {
    return n;
  }

  /** h(x) = x^-s, the hat function. */
  private double h(double x) {
    return Math.exp(-s * Math.log(x));
  }

  /** H(x) = (x^(1-s) - 1) / (1 - s), tending to log(x) as s tends to 1, computed stably near s = 1. */
  private double hIntegral(double x) {
    double logX = Math.log(x);
    return expm1OverX((1 - s) * logX) * logX;
  }

  private double hIntegralInverse(double x) {
    double t = Math.max(-1, x * (1 - s));
    return Math.exp(log1pOverX(t) * x);
  }

  /** (e^x - 1) / x, 1 at x = 0. */
  private static double expm1OverX(double x) {
    return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x / 2 * (1 + x / 3);
  }

  /** log(1 + x) / x, 1 at x = 0. */
  private static double log1pOverX(double x) {
    return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x / 3);
  }
}
