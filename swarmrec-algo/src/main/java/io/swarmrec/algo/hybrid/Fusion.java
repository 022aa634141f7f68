package io.swarmrec.algo.hybrid;

import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a blend turns each component's ranked candidate list into comparable per-user scores before the
 * weighted sum. Raw scores are not comparable across models (a GF-CF score, a cosine vote count and a
 * popularity count live on unrelated scales, and a model's scale varies from user to user), so each list
 * is normalised on its own:
 *
 * <ul>
 *   <li>{@link #RRF}, reciprocal rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009):
 *       {@code 1 / (c + rank)}, rank from 1; ignores score gaps, robust to outliers;
 *   <li>{@link #BORDA}, the Borda count: {@code (depth - rank + 1) / depth}, a linear decay over the
 *       candidate depth (using the nominal depth, so a short list does not inflate its items);
 *   <li>{@link #MINMAX}: {@code (s - min) / (max - min)} over the list (CombSUM of Fox and Shaw, TREC-2
 *       1994, with min-max normalisation as in Lee, SIGIR 1997);
 *   <li>{@link #ZSCORE}: {@code (s - min) / std}, the list's scores in units of their standard
 *       deviation, offset so that the list's weakest candidate scores 0. The plain z-score would give an
 *       item absent from a list (implicitly 0, the list's mean) more than the listed items below the
 *       mean; shifting by the minimum keeps "absent" below "listed" while retaining the z-score's scale.
 * </ul>
 *
 * <p>Fusing merges the lists by sorting (id, position) pairs packed in {@code long}s, sums each item's
 * weighted contributions and selects the top {@code k} with {@link TopK}: O(m log m) for m listed
 * candidates (a few hundred), no per-catalogue scratch memory, and ties resolved by smaller id as
 * everywhere else.
 */
public enum Fusion {
  RRF, BORDA, MINMAX, ZSCORE;

  /** The names accepted by {@link #parse}, lower-case. */
  public static final String[] NAMES = {"rrf", "borda", "minmax", "zscore"};

  public static Fusion parse(String name) {
    for (Fusion f : values()) {
      if (f.name().toLowerCase(Locale.ROOT).equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown fusion '" + name + "'; known: " + String.join(", ", NAMES));
  }

  /**
   * The {@code k} best items of the weighted sum of the normalised {@code lists}; a list whose weight
   * is 0 (or that is null) is skipped.
   *
   * @param depth the candidate depth the lists were asked for ({@link #BORDA}'s scale)
   * @param rrfK the constant {@code c} of {@link #RRF}
   */
  public ScoredIds fuse(ScoredIds[] lists, float[] weights, int depth, float rrfK, int k) {
    int m = 0;
    for (int c = 0; c < lists.length; c++) {
      if (lists[c] != null && weights[c] != 0f) {
        m += lists[c].size();
      }
    }
    long[] keys = new long[m];
    float[] contribution = new float[m];
    int n = 0;
    for (int c = 0; c < lists.length; c++) {
      ScoredIds list = lists[c];
      if (list == null || weights[c] == 0f || list.size() == 0) {
        continue;
      }
      Scale scale = scale(list);
      for (int r = 0; r < list.size(); r++) {
        keys[n] = ((long) list.id(r) << 32) | n;
        contribution[n] = weights[c] * normalised(list, r, scale, depth, rrfK);
        n++;
      }
    }
    Arrays.sort(keys);
    TopK heap = new TopK(k);
    for (int p = 0; p < m; ) {
      int id = (int) (keys[p] >>> 32);
      float sum = 0f;
      for (; p < m && (int) (keys[p] >>> 32) == id; p++) {
        sum += contribution[(int) keys[p]];
      }
      heap.offer(id, sum);
    }
    return heap.drain();
  }

  /** Offset and divisor of the score-based normalisations. */
  private record Scale(float offset, float divisor) {
    /** Equal scores (or one candidate): every candidate gets the list's full credit, 1. */
    static final Scale FLAT = new Scale(Float.NaN, Float.NaN);
  }

  private Scale scale(ScoredIds list) {
    int size = list.size();
    float max = list.score(0);
    float min = list.score(size - 1);
    return switch (this) {
      case MINMAX -> max > min ? new Scale(min, max - min) : Scale.FLAT;
      case ZSCORE -> {
        double mean = 0;
        for (int r = 0; r < size; r++) {
          mean += list.score(r);
        }
        mean /= size;
        double var = 0;
        for (int r = 0; r < size; r++) {
          double d = list.score(r) - mean;
          var += d * d;
        }
        double std = Math.sqrt(var / size);
        yield std > 0 ? new Scale(min, (float) std) : Scale.FLAT;
      }
      default -> null;
    };
  }

  private float normalised(ScoredIds list, int rank, Scale scale, int depth, float rrfK) {
    return switch (this) {
      case RRF -> 1f / (rrfK + rank + 1);
      case BORDA -> (float) (depth - rank) / depth;
      case MINMAX, ZSCORE -> scale == Scale.FLAT ? 1f : (list.score(rank) - scale.offset()) / scale.divisor();
    };
  }
}
