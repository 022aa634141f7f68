package io.swarmrec.algo.itemknn;

/**
 * Item-item similarity from a co-occurrence {@code dot = <a, b>} and precomputed per-item terms, so the
 * build never calls {@code sqrt} or {@code pow} per pair. With squared norms {@code sq} (for binary data,
 * the number of users), and shrinkage {@code shrink} added to every denominator to damp similarities
 * resting on little support (Koren, "Factor in the neighbors", TKDD 2010):
 *
 * <ul>
 *   <li>cosine: {@code dot / (|a| |b| + shrink)};
 *   <li>asymmetric cosine (Aiolli, "Efficient top-N recommendation for very large scale binary rated
 *       datasets", RecSys 2013): {@code dot / (sq_a^alpha sq_b^(1-alpha) + shrink)}, where {@code a} is
 *       the history item and {@code b} the candidate; alpha = 1 gives the conditional probability
 *       P(b | a) on binary data, 0.5 the cosine;
 *   <li>jaccard, in its Tanimoto form {@code dot / (sq_a + sq_b - dot + shrink)}, which is
 *       |A and B| / |A or B| on binary data and extends to weights.
 * </ul>
 */
final class PairSimilarity {
  private final float[] left;
  private final float[] right;
  private final boolean tanimoto;
  private final float shrink;

  private PairSimilarity(float[] left, float[] right, boolean tanimoto, float shrink) {
    this.left = left;
    this.right = right;
    this.tanimoto = tanimoto;
    this.shrink = shrink;
  }

  static PairSimilarity cosine(float[] sq, float shrink) {
    float[] norm = power(sq, 0.5);
    return new PairSimilarity(norm, norm, false, shrink);
  }

  static PairSimilarity asymmetricCosine(float[] sq, double alpha, float shrink) {
    return new PairSimilarity(power(sq, alpha), power(sq, 1 - alpha), false, shrink);
  }

  static PairSimilarity jaccard(float[] sq, float shrink) {
    return new PairSimilarity(sq, sq, true, shrink);
  }

  /** Similarity of history item {@code a} to candidate {@code b} given their co-occurrence. */
  float of(int a, int b, float dot) {
    float denominator = tanimoto ? left[a] + right[b] - dot : left[a] * right[b];
    return dot / (denominator + shrink);
  }

  private static float[] power(float[] sq, double exponent) {
    float[] out = new float[sq.length];
    for (int i = 0; i < sq.length; i++) {
      out[i] = (float) (exponent == 0.5 ? Math.sqrt(sq[i]) : Math.pow(sq[i], exponent));
    }
    return out;
  }
}
