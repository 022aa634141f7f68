package io.swarmrec.algo.svd;

import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.vector.DenseMatrix;
import java.util.SplittableRandom;

/**
 * A truncated singular value decomposition {@code A ~ U diag(s) V^T} of a sparse matrix, by the randomised
 * range finder with subspace (power) iterations of Halko, Martinsson and Tropp, "Finding Structure with
 * Randomness" (SIAM Review 2011), algorithms 4.4 and 5.1.
 *
 * <p>Why this way: interaction matrices are large, sparse and only wanted to a few hundred components.
 * Sampling {@code A} with {@code rank + oversample} Gaussian vectors captures its dominant column space;
 * each power iteration ({@code (A A^T)^q}) sharpens the gap between wanted and unwanted singular values, which
 * matters because these spectra decay slowly. All heavy work is sparse-times-dense products (one pass over
 * the non-zeros per column block) and tall Gram / change-of-basis steps; the only dense factorisations are
 * of {@code l x l} matrices ({@code l = rank + oversample}). The small SVD comes from the eigenvalues of
 * {@code B B^T} ({@code B = Q^T A}), computed in double by Jacobi, which keeps the small singular values
 * accurate enough for ranking.
 *
 * <p>Deterministic for a seed (and independent of the thread count). Usage:
 * {@code new RandomizedSvd(256).powerIterations(4).seed(7).decompose(matrix)}.
 */
public final class RandomizedSvd {
  private final int rank;
  private int oversample = 32;
  private int powerIterations = 4;
  private long seed = 42;
  private int threads = Runtime.getRuntime().availableProcessors();

  /** The factors of {@code A ~ u diag(s) v^T}: {@code u} is rows x rank, {@code v} cols x rank, {@code s} descending. */
  public record Result(DenseMatrix u, float[] s, DenseMatrix v) {}

  public RandomizedSvd(int rank) {
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be >= 1, got " + rank);
    }
    this.rank = rank;
  }

  /** Extra sampled directions beyond the rank (default 32). */
  public RandomizedSvd oversample(int p) {
    if (p < 0) {
      throw new IllegalArgumentException("oversample must be >= 0, got " + p);
    }
    this.oversample = p;
    return this;
  }

  /** Subspace iterations (default 4); each costs two sparse products and two orthonormalisations. */
  public RandomizedSvd powerIterations(int q) {
    if (q < 0) {
      throw new IllegalArgumentException("power iterations must be >= 0, got " + q);
    }
    this.powerIterations = q;
    return this;
  }

  public RandomizedSvd seed(long s) {
    this.seed = s;
    return this;
  }

  public RandomizedSvd threads(int t) {
    if (t < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + t);
    }
    this.threads = t;
    return this;
  }

  /** Decomposes {@code a}; rank is capped at {@code min(rows, cols)}. */
  public Result decompose(CsrMatrix a) {
    CsrMatrix at = a.transpose();
    int k = Math.min(rank, Math.min(a.rows(), a.cols()));
    int l = Math.min(k + oversample, Math.min(a.rows(), a.cols()));
    DenseMatrix q = CholeskyOrthonormalizer.orthonormalize(DenseMatrix.product(a, DenseMatrix.gaussian(a.cols(), l, 1.0, new SplittableRandom(seed)), threads), 1, threads);
    for (int it = 0; it < powerIterations; it++) {
      DenseMatrix z = CholeskyOrthonormalizer.orthonormalize(DenseMatrix.product(at, q, threads), 1, threads);
      q = CholeskyOrthonormalizer.orthonormalize(DenseMatrix.product(a, z, threads), 1, threads);
    }
    q = CholeskyOrthonormalizer.orthonormalize(q, 1, threads); // second pass: orthogonal to working precision
    DenseMatrix bt = DenseMatrix.product(at, q, threads); // B^T = A^T Q, cols x l
    SymmetricEigen eig = new SymmetricEigen(bt.gram(threads), l); // B B^T = W diag(s^2) W^T
    double[] w = eig.vectors();
    float[] s = new float[k];
    double[] wk = new double[l * k]; // first k columns of W
    double[] wks = new double[l * k]; // the same divided by s: V = B^T W diag(1/s)
    for (int j = 0; j < k; j++) {
      double sj = Math.sqrt(Math.max(0, eig.values()[j]));
      s[j] = (float) sj;
      for (int i = 0; i < l; i++) {
        wk[i * k + j] = w[i * l + j];
        wks[i * k + j] = sj > 0 ? w[i * l + j] / sj : 0;
      }
    }
    return new Result(q.times(wk, k, threads), s, bt.times(wks, k, threads));
  }
}
