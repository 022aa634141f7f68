package io.swarmrec.algo.als;

import io.swarmrec.algo.Params;

/**
 * The validated hyper-parameters of implicit ALS, read in one place.
 *
 * <p>Regularisation: {@code lambda_u = reg * (sum_j c_uj)^reg_exponent}, where {@code sum_j c_uj = n + alpha *
 * sum_{j in u} w_uj} is the total confidence of the row over all {@code n} columns (and symmetrically for
 * items). {@code reg_exponent = 0} (the default) is the constant lambda of Hu et al.; {@code 1} is the
 * frequency-scaled regularisation of Rendle et al. ("Revisiting the Performance of iALS on Item
 * Recommendation Benchmarks", RecSys 2022), rewritten for Hu's confidence form, in which their unobserved
 * weight alpha_0 is {@code 1/alpha} (so use a much smaller {@code reg} with exponent 1).
 */
record AlsConfig(int factors, int iterations, float alpha, float reg, float regExponent, int cgSteps, long seed,
    int threads) {

  static AlsConfig from(Params p) {
    AlsConfig c = new AlsConfig(
        p.getInt("factors", 64),
        p.getInt("iterations", 15),
        (float) p.getDouble("alpha", 10.0),
        (float) p.getDouble("reg", 0.1),
        (float) p.getDouble("reg_exponent", 0.0),
        p.getInt("cg_steps", 3),
        p.getInt("seed", 42),
        p.getInt("threads", Runtime.getRuntime().availableProcessors()));
    c.validate();
    return c;
  }

  private void validate() {
    require(factors >= 1 && factors <= 4096, "factors must be in [1, 4096], got " + factors);
    require(iterations >= 0, "iterations must be >= 0, got " + iterations);
    require(alpha >= 0f, "alpha must be >= 0, got " + alpha);
    require(reg > 0f, "reg must be > 0 (it keeps each row's system positive definite), got " + reg);
    require(regExponent >= 0f && regExponent <= 2f, "reg_exponent must be in [0, 2], got " + regExponent);
    require(cgSteps >= 1, "cg_steps must be >= 1, got " + cgSteps);
    require(threads >= 1, "threads must be >= 1, got " + threads);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The regulariser of a row with total weight {@code weightSum} against {@code columns} columns. */
  float lambda(double weightSum, int columns) {
    return regExponent == 0f ? reg : (float) (reg * Math.pow(columns + alpha * weightSum, regExponent));
  }

  static double sum(float[] w, int from, int to) {
    double s = 0;
    for (int e = from; e < to; e++) {
      s += w[e];
    }
    return s;
  }
}
