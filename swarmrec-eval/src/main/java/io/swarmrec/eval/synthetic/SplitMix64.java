package io.swarmrec.eval.synthetic;

/**
 * The SplitMix64 pseudo-random generator (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014): a 64-bit Weyl sequence passed through a strong bit mixer.
 *
 * <p>Why our own instead of {@link java.util.SplittableRandom}: the generator is re-seeded once per agent
 * (a million times per run) so every agent's events depend only on (seed, agent), never on how agents are
 * split between threads; re-seeding this class costs one field store and no allocation. Owning the
 * algorithm also pins the output: a synthetic data set stays byte-identical across JDK releases, whereas
 * derived methods of the JDK generators (Gaussians, bounded ints) are not specified bit for bit.
 *
 * <p>Not thread-safe: one instance per thread.
 */
final class SplitMix64 {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private long state;

  SplitMix64(long seed) {
    state = seed;
  }

  /** Restarts the sequence from {@code seed}. */
  void reseed(long seed) {
    state = seed;
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** Uniform in [0, 1), 53 random bits. */
  double nextDouble() {
    return (nextLong() >>> 11) * DOUBLE_UNIT;
  }

  /**
   * Uniform in [0, bound) by multiplying 32 random bits with the bound and keeping the high word
   * (Lemire, "Fast random integer generation in an interval", 2019, without the rejection step): the bias
   * is below bound / 2^32, far under anything a synthetic data set can show, and it costs no division.
   */
  int nextInt(int bound) {
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /**
   * A standard normal variate by the Box-Muller transform. {@link StrictMath} keeps the result identical on
   * every platform, which {@link Math} does not promise.
   */
  double nextGaussian() {
    double u1 = 1.0 - nextDouble(); // (0, 1]: log stays finite
    double u2 = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /** The seed of stream {@code index} of kind {@code purpose} under a master {@code seed}. */
  static long streamSeed(long seed, long purpose, long index) {
    return mix(mix(seed + purpose * GOLDEN_GAMMA) + index * GOLDEN_GAMMA);
  }

  /** The SplitMix64 finaliser (a variant of MurmurHash3's fmix64 with better constants). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
