package io.swarmrec.algo.scoring;

import io.swarmrec.algo.Params;

/**
 * Typed {@link Params} reads with a lower bound, so every trainer rejects out-of-range values with the
 * same one-line message.
 */
public final class ParamBounds {
  private ParamBounds() {}

  public static int atLeast(Params params, String key, int def, int min) {
    int v = params.getInt(key, def);
    if (v < min) {
      throw new IllegalArgumentException("parameter " + key + " must be >= " + min + ", got " + v);
    }
    return v;
  }

  public static double atLeast(Params params, String key, double def, double min) {
    double v = params.getDouble(key, def);
    if (v < min) {
      throw new IllegalArgumentException("parameter " + key + " must be >= " + min + ", got " + v);
    }
    return v;
  }

  public static double positive(Params params, String key, double def) {
    double v = params.getDouble(key, def);
    if (!(v > 0)) {
      throw new IllegalArgumentException("parameter " + key + " must be > 0, got " + v);
    }
    return v;
  }

  public static double between(Params params, String key, double def, double min, double max) {
    double v = params.getDouble(key, def);
    if (v < min || v > max) {
      throw new IllegalArgumentException("parameter " + key + " must be in [" + min + ", " + max + "], got " + v);
    }
    return v;
  }
}
