package io.swarmrec.algo.popularity;

import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.scoring.ParamBounds;
import io.swarmrec.core.TimeDecay;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;

/**
 * Popularity recommenders: every user gets the same global ranking, minus what they have seen.
 *
 * <p>{@code pop} ranks items by the number of distinct users who interacted with them ({@code by=count},
 * the ItemPop baseline of the BARS benchmark, Zhu et al., "BARS: Towards Open Benchmarking for
 * Recommender Systems", SIGIR 2022) or by the sum of interaction weights ({@code by=weight}).
 * {@code trending} sums the same quantity with each interaction decayed exponentially by its age,
 * {@code 2^(-age / half_life_hours)}, measured from {@code now} (epoch seconds; default: the data's robust
 * now, {@link Interactions#robustNowEpochSecond}, so that a few future-dated events cannot flatten it). Undated interactions cannot be shown to be recent and count nothing; when no
 * interaction has a time, trending falls back to the undecayed score.
 *
 * <p>Both are the fallback of every personalised algorithm (cold users, degraded service), so they are
 * built to answer in O(k + excluded): the full ranking is computed once at training time and a request
 * walks it, skipping excluded items. Ties go to the smaller dense id and items nobody interacted with
 * rank last, so the ranking is reproducible to the last place.
 */
public final class Popularity {
  private Popularity() {}

  /** Trains {@code pop}. Parameters: {@code by=count|weight} (default count). */
  public static Recommender popular(Interactions data, Params params) {
    boolean byWeight = byWeight(params);
    return new RankedItems("pop", data, scores(data.byItem(), byWeight, null, 0));
  }

  /**
   * Trains {@code trending}. Parameters: {@code by=count|weight} (default count), {@code half_life_hours}
   * (&gt; 0, default 24), {@code now} (epoch seconds, default {@link Interactions#robustNowEpochSecond} at the wall clock).
   */
  public static Recommender trending(Interactions data, Params params) {
    boolean byWeight = byWeight(params);
    double halfLifeHours = ParamBounds.positive(params, "half_life_hours", 24);
    long robust = data.robustNowEpochSecond(System.currentTimeMillis() / 1000);
    boolean dated = robust != Long.MIN_VALUE;
    long now = (long) params.getDouble("now", dated ? robust : 0);
    TimeDecay decay = dated ? TimeDecay.halfLife(Math.max(1, Math.round(halfLifeHours * 3600))) : null;
    return new RankedItems("trending", data, scores(data.byItem(), byWeight, decay, now));
  }

  private static boolean byWeight(Params params) {
    return params.getChoice("by", "count", "count", "weight").equals("weight");
  }

  /** Per-item sums of 1 (or the weight), decayed when {@code decay} is given. */
  static float[] scores(CsrMatrix byItem, boolean byWeight, TimeDecay decay, long nowSecond) {
    float[] values = byItem.values();
    int[] times = byItem.times();
    float[] scores = new float[byItem.rows()];
    for (int i = 0; i < scores.length; i++) {
      double sum = 0;
      for (int p = byItem.rowStart(i), end = byItem.rowEnd(i); p < end; p++) {
        double w = byWeight ? values[p] : 1;
        if (decay != null) {
          int t = times[p];
          w = t == Interactions.NO_TIME ? 0 : w * decay.weight(Interactions.epochSecond(t), nowSecond);
        }
        sum += w;
      }
      scores[i] = (float) sum;
    }
    return scores;
  }
}
